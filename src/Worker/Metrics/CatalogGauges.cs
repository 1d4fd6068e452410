using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Metrics;
using CnpgDrTemporal.Activities.Status;
using Temporalio.Common;
using Labels = CnpgDrTemporal.Activities.Metrics.MetricNames.Labels;

namespace CnpgDrTemporal.Worker.Metrics;

/// <summary>
/// The per-database series: what the catalog says of the lineage git writes to, and the last drill.
/// A time that does not exist (no DONE backup, no drill yet) is 0, so "older than" alerts fire on it.
/// </summary>
public sealed class CatalogGauges(MetricMeter meter)
{
    private readonly MetricGauge<double> baseBackup = meter.CreateGauge<double>(MetricNames.BaseBackupLast, null, "Unix time the newest DONE base backup of the write lineage ended");
    private readonly MetricGauge<double> walArchived = meter.CreateGauge<double>(MetricNames.WalArchivedLast, null, "Unix time of the newest archived WAL of the write lineage");
    private readonly MetricGauge<double> windowStart = meter.CreateGauge<double>(MetricNames.RecoveryWindowStart, null, "Earliest point in time a recovery of the write lineage can reach (end of its oldest data-bearing backup)");
    private readonly MetricGauge<double> windowEnd = meter.CreateGauge<double>(MetricNames.RecoveryWindowEnd, null, "Latest point in time a recovery of the write lineage can reach (its newest archived WAL)");
    private readonly MetricGauge<long> writeLineage = meter.CreateGauge<long>(MetricNames.WriteLineage, null, "1 for the lineage git writes to, 0 for the one it wrote to before");
    private readonly MetricGauge<long> lineages = meter.CreateGauge<long>(MetricNames.Lineages, null, "Lineages (Barman serverNames) of the database in S3");
    private readonly MetricGauge<long> verdicts = meter.CreateGauge<long>(MetricNames.LineageVerdicts, null, "Lineages of the database carrying each verdict");
    private readonly MetricGauge<double> catalogRead = meter.CreateGauge<double>(MetricNames.CatalogRead, null, "Unix time of the last catalog read attempt");
    private readonly MetricGauge<long> catalogSuccess = meter.CreateGauge<long>(MetricNames.CatalogReadSuccess, null, "1 when the last catalog read succeeded");
    private readonly MetricGauge<double> drillAt = meter.CreateGauge<double>(MetricNames.DrillLast, null, "Unix time the last drill closed, 0 when none ran");
    private readonly MetricGauge<long> drillSuccess = meter.CreateGauge<long>(MetricNames.DrillLastSuccess, null, "1 when the last drill passed");
    private readonly MetricGauge<double> drillRestore = meter.CreateGauge<double>(MetricNames.DrillRestoreDuration, null, "Restore duration of the last drill (the RTO proxy)");
    private readonly MetricGauge<double> drillRpo = meter.CreateGauge<double>(MetricNames.DrillRpo, null, "Age of the newest archived WAL when the last drill ran (the RPO)");
    private readonly MetricGauge<long> drillWal = meter.CreateGauge<long>(MetricNames.DrillWalSegmentsReplayed, null, "WAL segments the last drill replayed");
    private readonly MetricGauge<double> drillReplayRate = meter.CreateGauge<double>(MetricNames.DrillWalReplayRate, null, "WAL segments per second the last local drill replayed (prefetch included)");
    private readonly MetricGauge<double> drillProjection = meter.CreateGauge<double>(MetricNames.DrillProjectedRestore, null, "Restore time of the production lineage projected from the last local drill's rates");
    private readonly Dictionary<string, string> publishedLineage = new(StringComparer.Ordinal);

    public void PublishCatalog(string database, string? writeLineageName, BackupCatalog catalog, DateTimeOffset now)
    {
        var db = MetricTags.Of(database);
        var lineage = writeLineageName is null ? null : catalog.Find(writeLineageName);
        var oldestBearing = lineage?.Backups.FirstOrDefault(b => b.Is(VerdictCodes.DataBearing))?.EndTime;
        baseBackup.Set(Unix(lineage?.Backups.Where(b => b.IsDone).Max(b => b.EndTime)), db);
        walArchived.Set(Unix(lineage?.Wal.LastArchivedAt), db);
        windowStart.Set(Unix(oldestBearing), db);
        windowEnd.Set(oldestBearing is null ? 0 : Unix(lineage!.Wal.LastArchivedAt), db);
        PublishWriteLineage(database, writeLineageName);
        lineages.Set(catalog.Lineages.Count, db);
        foreach (var code in VerdictCodes.All)
        {
            verdicts.Set(catalog.Lineages.Count(l => l.Is(code)), MetricTags.Of(database, (Labels.Verdict, code)));
        }

        PublishRead(database, success: true, now);
    }

    public void PublishRead(string database, bool success, DateTimeOffset now)
    {
        catalogRead.Set(Unix(now), MetricTags.Of(database));
        catalogSuccess.Set(success ? 1 : 0, MetricTags.Of(database));
    }

    public void PublishDrill(string database, DrillSummary? drill)
    {
        var db = MetricTags.Of(database);
        drillAt.Set(Unix(drill?.At), db);
        if (drill is null)
        {
            return;
        }

        drillSuccess.Set(drill.Verdict == "pass" ? 1 : 0, db);
        if (drill.Report is { } report)
        {
            drillRestore.Set(report.RestoreDuration.TotalSeconds, db);
            drillWal.Set(report.WalSegmentsReplayed, db);
            if (report.Rpo is { } rpo)
            {
                drillRpo.Set(rpo.TotalSeconds, db);
            }

            // Cluster drills do not measure these: the series keep the last local drill's values.
            if (report.WalReplaySegmentsPerSecond is { } rate)
            {
                drillReplayRate.Set(rate, db);
            }

            if (report.Projection?.ProjectedRestore is { } projected)
            {
                drillProjection.Set(projected.TotalSeconds, db);
            }
        }
    }

    private void PublishWriteLineage(string database, string? lineage)
    {
        if (publishedLineage.TryGetValue(database, out var before) && before != lineage)
        {
            writeLineage.Set(0, MetricTags.Of(database, (Labels.Lineage, before)));
        }

        if (lineage is null)
        {
            publishedLineage.Remove(database);
            return;
        }

        writeLineage.Set(1, MetricTags.Of(database, (Labels.Lineage, lineage)));
        publishedLineage[database] = lineage;
    }

    private static double Unix(DateTimeOffset? at) => at is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : 0;

}
