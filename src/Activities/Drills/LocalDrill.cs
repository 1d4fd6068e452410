using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Kubernetes;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Drills;

/// <summary>
/// A drill by local restore: never touches the cluster, never writes into a lineage. Every step heartbeats
/// every <c>Dr:Kubernetes:HeartbeatInterval</c> (the catalog read here, the rest in <see cref="LocalRestorer"/>).
/// </summary>
public sealed class LocalDrill(BackupCatalogReader catalogs, CurrentWriteLineage currentLineage, LocalRestorer restorer, IOptions<KubernetesOptions> heartbeat, TimeProvider clock)
{
    public async Task<DrillReport> RunAsync(DrillInput input, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var interval = heartbeat.Value.HeartbeatInterval;
        var catalog = await StepHeartbeat.WhileAsync($"reading the catalog of {input.Database}", interval, () => catalogs.ReadAsync(input.Database, ct: ct)).ConfigureAwait(false);
        var name = input.Lineage ?? await StepHeartbeat.WhileAsync($"reading the write lineage of {input.Database} from git", interval, () => currentLineage.DefaultSourceAsync(input.Database, catalog)).ConfigureAwait(false);
        var lineage = name is null ? catalog.Lineages.LastOrDefault(l => l.Is(VerdictCodes.DataBearing)) : catalog.Find(name);
        var lastWal = lineage?.Wal.LastArchivedAt;
        var rpo = lastWal is { } at ? started - at : (TimeSpan?)null;
        if (lineage is null)
        {
            var why = input.Lineage is null ? $"no data-bearing lineage in {catalog.Location}" : $"lineage {input.Lineage} is not in {catalog.Location}";
            return new DrillReport(input.Database, DrillMode.Local, input.Lineage, input.BackupId, started, null, null, TimeSpan.Zero, 0, null, why);
        }

        try
        {
            var restored = await restorer.RestoreAsync(new LocalRestoreRequest(input.Database, lineage.ServerName, input.BackupId, input.TargetTime), ct).ConfigureAwait(false);
            var backupBytes = lineage.Backups.FirstOrDefault(b => b.BackupId == restored.BackupId)?.SizeBytes ?? 0;
            var rates = DrillRates.Measure(backupBytes, restored.Timings, restored.WalSegmentsRestored);
            return new DrillReport(input.Database, DrillMode.Local, lineage.ServerName, restored.BackupId, started, lastWal, rpo, restored.Timings.Total, restored.WalSegmentsRestored, restored.Validation, null,
                rates?.WalSegmentsPerSecond, rates?.WalMegabytesPerSecond, rates is null ? null : RestoreProjection.For(lineage, rates));
        }
        catch (Exception e) when (e is DrException or ApplicationFailureException)
        {
            // A failed restore is the drill's finding, not an infrastructure error: report it.
            return new DrillReport(input.Database, DrillMode.Local, lineage.ServerName, input.BackupId, started, lastWal, rpo, clock.GetUtcNow() - started, 0, null, e.Message);
        }
    }
}
