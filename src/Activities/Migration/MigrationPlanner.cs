using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps.Migration;
using CnpgDrTemporal.Activities.Recovery;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Activities.Migration;

/// <summary>
/// The migration's plan, read-only: no recovery of the database running, git says native shape (else
/// refused: already migrated, recovery flag), the render is right, and Argo lets a sync through. Guards
/// that only matter to a delete (selfHeal, ignoreDifferences on bootstrap) do not refuse a migration.
/// </summary>
public sealed class MigrationPlanner(GitOpsRepo git, Preflight preflight, IWorkflowRuns runs, IOptions<MigrationOptions> options)
{
    private static readonly HashSet<string> DeleteOnlyGuards = [FindingCodes.SelfHeal, FindingCodes.IgnoreBootstrap];

    public async Task<MigrationPlan> PlanAsync(MigrationRequest request, CancellationToken ct)
    {
        var migration = request.Options ?? new PluginMigrationOptions();
        var timings = StepTimings.From(preflight.Options);
        var recovery = DrWorkflowIds.Recovery(request.Database);
        if (await runs.IsRunningAsync(recovery, ct).ConfigureAwait(false) == true)
        {
            return Refused(request, $"recovery {recovery} is running: migrate after it ended", string.Empty, timings);
        }

        var gitPlan = await git.PlanMigrationAsync(request.Database, migration, ct).ConfigureAwait(false);
        if (gitPlan.Refusal is { } refusal)
        {
            return Refused(request, refusal, gitPlan.Layout.WriteLineage, timings) with { AlreadyMigrated = gitPlan.Layout.Shape == GitOps.BackupShape.Plugin };
        }

        var report = await preflight.RunAsync(request.Database, ct).ConfigureAwait(false);
        var guards = report.Findings.Where(f => f.Level >= FindingLevel.Warning).ToList();
        var unsafeSync = report.Refusals.Where(f => !DeleteOnlyGuards.Contains(f.Code)).Select(f => $"{f.Code}: {f.Message}").ToList();
        if (report.Cluster is not { Present: true, Terminating: false })
        {
            unsafeSync.Add($"no live Cluster {report.Target.Cluster?.ToString() ?? request.Database}: there is no archiving to carry over");
        }
        else if (report.Cluster.WriteLineage is { } live && live != gitPlan.Layout.WriteLineage)
        {
            unsafeSync.Add($"the live Cluster writes to {live}, git says {gitPlan.Layout.WriteLineage}: sync git first");
        }

        var plan = new MigrationPlan(request.Database, null, false, gitPlan.Layout.WriteLineage, gitPlan.Plan, gitPlan.RenderedDifference, guards, request.PushMode, timings, options.Value.ArchiveWait);
        return unsafeSync.Count == 0 ? plan : plan with { Refusal = $"the sync would not be safe: {string.Join("; ", unsafeSync)}" };
    }

    private MigrationPlan Refused(MigrationRequest request, string refusal, string lineage, StepTimings timings) =>
        new(request.Database, refusal, false, lineage, null, string.Empty, [], request.PushMode, timings, options.Value.ArchiveWait);
}
