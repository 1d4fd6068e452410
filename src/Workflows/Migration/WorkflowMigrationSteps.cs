using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Workflows;
using Options = CnpgDrTemporal.Workflows.Recovery.RecoveryActivityOptions;

namespace CnpgDrTemporal.Workflows.Migration;

/// <summary>The migration's steps as activities (workflow code only), with the recovery's option shapes.</summary>
internal sealed class WorkflowMigrationSteps : IMigrationSteps
{
    public Task<MigrationPlan> PlanAsync(MigrationRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((MigrationActivities a) => a.PlanAsync(request), Options.Plan(step));

    public Task<ArchiveMark> MarkArchiveAsync(MarkArchiveRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((MigrationActivities a) => a.MarkArchiveAsync(request), Options.Plan(step));

    public Task<PushResult> PushAsync(PushRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((MigrationActivities a) => a.PushAsync(request), Options.Push(step));

    public Task<ArchiveProof> ProveArchiveAsync(ProveArchiveRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((MigrationActivities a) => a.ProveArchiveAsync(request), MigrationActivityOptions.ProveArchive(step, request.Wait));

    public Task<PushResult> RevertAsync(RevertMigrationRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((MigrationActivities a) => a.RevertAsync(request), Options.Push(step));
}

/// <summary>The S3 proof waits <c>Dr:Migration:ArchiveWait</c> inside its activity: its timeouts follow that wait.</summary>
public static class MigrationActivityOptions
{
    public static ActivityOptions ProveArchive(StepContext step, TimeSpan wait)
    {
        var options = Options.ProveLineage(step);
        options.StartToCloseTimeout = wait + step.Timings.Call + step.Timings.HeartbeatTimeout;
        options.ScheduleToCloseTimeout = (options.StartToCloseTimeout * 2) + step.Timings.RetryInitial;
        return options;
    }
}
