using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Recovery;
using Microsoft.Extensions.Configuration;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Rebuild;

/// <summary>
/// Read-only plan of a cluster-nuke rebuild: per database the catalog picks the newest data-bearing
/// lineage and its latest usable backup, git gets the recovery (or fresh-lineage) edit, and the live
/// cluster decides between a first run, a resume and a refusal.
/// </summary>
public sealed class RebuildPlanner(
    IConfiguration configuration,
    GitRemote remote,
    BackupCatalogReader catalogs,
    TargetChecker targets,
    GitOpsRepo git,
    Preflight preflight,
    TimeProvider clock)
{
    public async Task<RebuildPlan> PlanAsync(RebuildRequest request, CancellationToken ct)
    {
        var layouts = ReadLayouts(request, ct);
        var initdb = (request.InitdbFor ?? []).ToHashSet(StringComparer.Ordinal);
        var entries = new List<RebuildEntry>();
        foreach (var layout in layouts)
        {
            entries.Add(await PlanDatabaseAsync(layout, initdb.Contains(layout.Database), ct).ConfigureAwait(false));
        }

        return RebuildPlanHash.Combine(entries, request.PushMode, clock.GetUtcNow()) with { Timings = StepTimings.From(preflight.Options) };
    }

    private async Task<RebuildEntry> PlanDatabaseAsync(DatabaseLayout layout, bool initdbAllowed, CancellationToken ct)
    {
        var db = layout.Database;
        if (ProtectedDatabases.RefusalFor(db, configuration) is { } protectedReason)
        {
            return new RebuildEntry(db, RebuildAction.Skip, protectedReason);
        }

        var report = await preflight.RunAsync(db, ct).ConfigureAwait(false);
        if (!report.Passed)
        {
            return new RebuildEntry(db, RebuildAction.Skip, "preflight refused: " + string.Join("; ", report.Refusals.Select(f => $"{f.Code}: {f.Message}")));
        }

        var catalog = await catalogs.ReadAsync(db, ct: ct).ConfigureAwait(false);
        var check = await targets.CheckAsync(new TargetCheckRequest(db, CurrentWriteLineage.DefaultSource(layout, catalog)), catalog, ct).ConfigureAwait(false);
        var live = report.Cluster is { Present: true } c ? c : null;
        var consumers = report.Target.ConsumerNamespaces;
        if (check is { Reachable: true, Lineage: { } source, SystemId: { } systemId })
        {
            var timeline = catalog.Find(source)?.Backups.FirstOrDefault(b => b.BackupId == check.BackupId)?.Timeline;
            var pin = check.ProposedBackupIdPin;
            var inGit = layout.Mode == DatabaseMode.Recovery && layout.Recovery.SourceLineage == source && layout.Recovery.BackupId == pin;
            var entry = new RebuildEntry(db, RebuildAction.Recover, string.Empty, source, pin, null, systemId, timeline, consumers);
            if (live is not null)
            {
                return Resumable(entry, live, source, inGit ? layout.WriteLineage : null);
            }

            if (inGit)
            {
                return entry with { NextLineage = layout.WriteLineage, Reason = $"git already restores from {source}{PinText(pin)} into {layout.WriteLineage}" };
            }

            var next = await catalogs.NextWriteLineageAsync(db, layout.WriteLineage, ct).ConfigureAwait(false);
            var plan = await git.PlanRecoveryAsync(new RecoveryEditRequest(db, source, next, pin), ct).ConfigureAwait(false);
            return entry with { NextLineage = next, Reason = plan.Summary, Git = plan };
        }

        var why = string.Join("; ", check.Reasons);
        if (!initdbAllowed)
        {
            return new RebuildEntry(db, RebuildAction.Skip, $"no usable data-bearing backup ({why}); list it in initdbFor to start it empty");
        }

        // An unused write lineage can be kept; a used one must not be overwritten by a fresh initdb.
        var dirty = catalog.Find(layout.WriteLineage) is not null;
        var fresh = new RebuildEntry(db, RebuildAction.Initdb, string.Empty, ConsumerNamespaces: consumers);
        if (live is not null)
        {
            return Resumable(fresh, live, null, dirty ? null : layout.WriteLineage);
        }

        if (layout.Mode == DatabaseMode.Initdb && !dirty)
        {
            return fresh with { NextLineage = layout.WriteLineage, Reason = $"initdb allowed ({why}); git already starts it on unused {layout.WriteLineage}" };
        }

        var nextFresh = await catalogs.NextWriteLineageAsync(db, layout.WriteLineage, ct).ConfigureAwait(false);
        var freshPlan = await git.PlanFreshLineageAsync(db, nextFresh, ct).ConfigureAwait(false);
        return fresh with { NextLineage = nextFresh, Reason = $"initdb allowed ({why}): {freshPlan.Summary}", Git = freshPlan };
    }

    /// <summary>
    /// A live Cluster is only touched when it is this plan's own result (an earlier run): created from
    /// <paramref name="source"/> (null = initdb) and writing to the lineage git already plans.
    /// </summary>
    private static RebuildEntry Resumable(RebuildEntry planned, ClusterFacts live, string? source, string? plannedWrite)
    {
        var where = $"live Cluster {live.Namespace}/{live.Name} (restored from {live.RecoverySourceLineage ?? "nothing"}, writing to {live.WriteLineage ?? "-"})";
        if (plannedWrite is not null && live.RecoverySourceLineage == source && live.WriteLineage == plannedWrite && !live.Terminating)
        {
            return planned with { Action = RebuildAction.Resume, NextLineage = plannedWrite, Reason = $"{where} is this plan's own: resume" };
        }

        var wanted = plannedWrite is null ? "a new write lineage" : plannedWrite;
        return new RebuildEntry(planned.Database, RebuildAction.Skip,
            $"refused: {where} was not created by the planned {(source is null ? "initdb" : $"recovery from {source}")} into {wanted}; the rebuild never deletes");
    }

    /// <summary>The database directories to rebuild, read from one clone; a name git does not have is refused before anything else.</summary>
    private List<DatabaseLayout> ReadLayouts(RebuildRequest request, CancellationToken ct)
    {
        var options = remote.Options;
        try
        {
            using var checkout = remote.Clone("rebuild-plan", ct);
            var root = Path.Combine(checkout.Path, options.DatabasesPath.Trim('/').Replace('/', Path.DirectorySeparatorChar));
            var names = request.Databases is { Count: > 0 } asked
                ? asked.Distinct(StringComparer.Ordinal).ToList()
                : Directory.Exists(root)
                    ? Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, GitOpsNames.RootKustomization))).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList()
                    : [];
            if (names.Count == 0)
            {
                throw Invalid($"no database directory under {options.DatabasesPath} on {remote.SafeUrl}");
            }

            if ((request.InitdbFor ?? []).FirstOrDefault(d => !names.Contains(d, StringComparer.Ordinal)) is { } stray)
            {
                throw Invalid($"initdbFor names {stray}, which is not among the databases to rebuild ({string.Join(", ", names)})");
            }

            return names.Select(n => DatabaseDirectory.Read(checkout.Load(options, n))).ToList();
        }
        catch (GitOpsException e)
        {
            throw Invalid(e.Message);
        }
    }

    private static string PinText(string? pin) => pin is null ? string.Empty : $"@{pin}";

    private static ApplicationFailureException Invalid(string message) =>
        new(message, errorType: RecoveryErrorTypes.InvalidInput, nonRetryable: true);
}
