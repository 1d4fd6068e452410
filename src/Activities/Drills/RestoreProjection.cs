using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;

namespace CnpgDrTemporal.Activities.Drills;

/// <summary>
/// How fast a drill restored: base backup download in bytes/s (S3 bytes of the backup over the download
/// time) and WAL replay in segments/s (segments restored over the time from server start to promotion).
/// </summary>
public sealed record DrillRates(double BaseBackupBytesPerSecond, double WalSegmentsPerSecond)
{
    public double WalMegabytesPerSecond => WalSegmentsPerSecond * Data.Prefetch.WalPrefetchRun.DefaultSegmentBytes / (1 << 20);

    /// <summary>Null when a phase took no measurable time or replayed nothing: no rate to extrapolate.</summary>
    public static DrillRates? Measure(long baseBackupBytes, RestoreTimings timings, int walSegments) =>
        timings.Download > TimeSpan.Zero && timings.WalReplay > TimeSpan.Zero && walSegments > 0
            ? new DrillRates(baseBackupBytes / timings.Download.TotalSeconds, walSegments / timings.WalReplay.TotalSeconds)
            : null;
}

/// <summary>
/// The restore time of a lineage as it is now (its newest complete base backup, plus every WAL segment
/// archived since that backup began) at a drill's measured rates.
/// </summary>
public sealed record RestoreProjection(string Lineage, string BackupId, long BaseBackupBytes, long WalSegmentsSinceBackup, TimeSpan ProjectedRestore)
{
    public static RestoreProjection? For(Lineage lineage, DrillRates rates)
    {
        var backup = lineage.Backups.Where(b => b.IsDone).OrderByDescending(b => b.EndTime).FirstOrDefault();
        if (backup is null || !WalSegment.TryParse(backup.BeginWal, out var begin))
        {
            return null;
        }

        var segments = lineage.Wal.Timelines
            .Where(t => t.Timeline >= begin.Timeline)
            .Sum(t => t.Timeline == begin.Timeline
                ? Math.Max(0, WalSegment.Parse(t.LastSegment).Number - begin.Number + 1)
                : WalSegment.Parse(t.LastSegment).Number - WalSegment.Parse(t.FirstSegment).Number + 1);
        var seconds = (backup.SizeBytes / rates.BaseBackupBytesPerSecond) + (segments / rates.WalSegmentsPerSecond);
        return new RestoreProjection(lineage.ServerName, backup.BackupId, backup.SizeBytes, segments, TimeSpan.FromSeconds(Math.Round(seconds)));
    }
}
