using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Migration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// Step 0, read-only: the catalog decides what can be restored, git what will change, the cluster
/// whether it is safe, and the live database (when it still answers) what "all the data" means.
/// </summary>
public sealed class RecoveryPlanner(
    IConfiguration configuration,
    BackupCatalogReader catalogs,
    TargetChecker targets,
    GitOpsRepo git,
    CurrentWriteLineage currentLineage,
    Preflight preflight,
    DataProof data,
    IWorkflowRuns runs,
    ILogger<RecoveryPlanner> logger)
{
    public async Task<RecoveryPlan> PlanAsync(PlanRequest r, CancellationToken ct)
    {
        if (ProtectedDatabases.RefusalFor(r.Database, configuration) is { } protectedReason)
        {
            return Refused(r, protectedReason);
        }

        if (r.BackupId is not null && r.TargetTime is not null)
        {
            return Refused(r, "give a backupId or a targetTime, not both");
        }

        // A backup migration of the same database changes the same files and Cluster: one runbook at a time.
        if (await runs.IsRunningAsync(DrWorkflowIds.Migration(r.Database), ct).ConfigureAwait(false) == true)
        {
            return Refused(r, $"backup migration {DrWorkflowIds.Migration(r.Database)} is running: recover after it ended (or abort it)");
        }

        var layout = (await git.ReadDatabaseAsync(r.Database, ct).ConfigureAwait(false)).Layout;
        var catalog = await catalogs.ReadAsync(r.Database, ct: ct).ConfigureAwait(false);
        // Unless told otherwise, restore from where the database was writing: git's lineage, if it holds data.
        var source = r.SourceLineage ?? await currentLineage.DefaultSourceAsync(r.Database, catalog).ConfigureAwait(false);
        var check = await targets.CheckAsync(new TargetCheckRequest(r.Database, source, r.BackupId, r.TargetTime), catalog, ct).ConfigureAwait(false);
        if (!check.Reachable || check.Lineage is null || check.SystemId is null)
        {
            return Refused(r, $"recovery target not reachable: {string.Join("; ", check.Reasons)}", layout.WriteLineage);
        }

        var backup = catalog.Find(check.Lineage)!.Backups.Single(b => b.BackupId == check.BackupId);
        var backupPin = r.BackupId ?? check.ProposedBackupIdPin;
        var next = r.NextLineage ?? await catalogs.NextWriteLineageAsync(r.Database, layout.WriteLineage, ct).ConfigureAwait(false);
        var gitPlan = await git.PlanRecoveryAsync(new RecoveryEditRequest(r.Database, check.Lineage, next, backupPin, r.TargetTime, r.WalMaxParallel), ct).ConfigureAwait(false);
        var report = await preflight.RunAsync(r.Database, ct).ConfigureAwait(false);
        var findings = report.Findings
            .Where(f => f.Level != FindingLevel.Pass)
            .Select(f => new PreflightFinding(f.Code, f.Level == FindingLevel.Refusal, $"{f.Message} ({f.Evidence})"))
            .ToList();
        if (WalFetchFinding.For(layout, r.WalMaxParallel, catalog.Find(check.Lineage)!, backup) is { } slowWal)
        {
            findings.Add(slowWal);
        }

        var baseline = await BaselineAsync(r.Database, report, findings, ct).ConfigureAwait(false);
        var plan = new RecoveryPlan(
            r.Database, gitPlan.Summary, gitPlan.PlanHash, check.Lineage, backupPin, r.TargetTime, layout.WriteLineage, next,
            check.SystemId, check.RecoverableUntil, findings, baseline, r.PushMode,
            r.ConsumerNamespaces ?? report.Target.ConsumerNamespaces, null, backup.Timeline, gitPlan,
            StepTimings.From(preflight.Options), report.PinnedTarget());
        return plan with { PlanHash = RecoveryPlanHash.Of(plan) };
    }

    /// <summary>The baseline is evidence, not a gate: a dead database is why we are here.</summary>
    private async Task<Baseline?> BaselineAsync(string database, PreflightReport report, List<PreflightFinding> findings, CancellationToken ct)
    {
        if (report.Cluster is null)
        {
            findings.Add(new PreflightFinding("baseline-skipped", false, "no live Cluster: row counts will not be compared"));
            return null;
        }

        try
        {
            return (await data.CaptureBaselineAsync(database, ct).ConfigureAwait(false)).ForPayload();
        }
        catch (DrException e)
        {
            logger.LogWarning("no baseline for {Database}: {Reason}", database, e.Message);
            findings.Add(new PreflightFinding("baseline-unavailable", false, e.Message));
            return null;
        }
    }

    private static RecoveryPlan Refused(PlanRequest r, string reason, string current = "") =>
        new(r.Database, $"refused: {reason}", string.Empty, r.SourceLineage ?? string.Empty, r.BackupId, r.TargetTime, current,
            r.NextLineage ?? string.Empty, string.Empty, null, [], null, r.PushMode, r.ConsumerNamespaces, reason);
}
