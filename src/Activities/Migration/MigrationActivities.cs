using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Git;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Migration;

/// <summary>
/// The activities of <c>MigrateBackupsWorkflow</c> of its own; hard refresh, sync and the Cluster-side
/// proof (ContinuousArchiving, a plugin Backup) are the recovery's activities. Nothing here deletes.
/// </summary>
public sealed class MigrationActivities(MigrationPlanner planner, ArchiveProver archive, GitOpsRepo git, IWorkflowRuns runs)
{
    [Activity("MigrationPlan")]
    public Task<MigrationPlan> PlanAsync(MigrationRequest request) => planner.PlanAsync(request, Ct);

    [Activity("MigrationMarkArchive")]
    public Task<ArchiveMark> MarkArchiveAsync(MarkArchiveRequest request) => archive.MarkAsync(request, Ct);

    /// <summary>Checks again that no recovery of the database started since the plan, then pushes exactly the plan.</summary>
    [Activity("MigrationPush")]
    public async Task<PushResult> PushAsync(PushRequest request)
    {
        var recovery = DrWorkflowIds.Recovery(request.Plan.Edit.Database);
        if (await runs.IsRunningAsync(recovery, Ct).ConfigureAwait(false) == true)
        {
            throw new ApplicationFailureException($"recovery {recovery} started since the plan: nothing pushed; migrate after it ended", MigrationErrorTypes.RecoveryRunning, nonRetryable: true);
        }

        return await git.PushAsync(request, Ct).ConfigureAwait(false);
    }

    [Activity("MigrationProveArchive")]
    public Task<ArchiveProof> ProveArchiveAsync(ProveArchiveRequest request) => archive.ProveAsync(request, Ct);

    [Activity("MigrationRevert")]
    public Task<PushResult> RevertAsync(RevertMigrationRequest request) => git.RevertAsync(request.Database, request.PushedSha, Ct);

    private static CancellationToken Ct => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;
}
