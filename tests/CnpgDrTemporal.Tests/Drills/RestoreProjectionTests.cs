using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Drills;

namespace CnpgDrTemporal.Tests.Drills;

/// <summary>The drill's measured rates extrapolated to the lineage as it is now.</summary>
public sealed class RestoreProjectionTests
{
    [Fact]
    public void TheProjectionIsTheNewestBackupAtTheDownloadRatePlusItsWalAtTheReplayRate()
    {
        var rates = DrillRates.Measure(100L << 20, new RestoreTimings(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15)), 200)!;
        Assert.Equal(50, rates.WalSegmentsPerSecond);
        Assert.Equal(800, rates.WalMegabytesPerSecond);

        var old = Backup("20260101T000000", 1L << 30, "000000010000000000000002", 1);
        var newest = Backup("20260201T000000", 2L << 30, "000000010000000100000000", 2);
        var lineage = new Lineage("app-database-v7", 7, [old, newest], new WalArchive([new WalTimeline(1, "000000010000000000000001", "0000000100000001000000FF", DateTimeOffset.UtcNow)], [], null, [], []), ["1"], []);

        var projection = RestoreProjection.For(lineage, rates)!;

        Assert.Equal("20260201T000000", projection.BackupId);
        Assert.Equal(256, projection.WalSegmentsSinceBackup);
        // 2 GiB at 10 MiB/s = 204.8 s, plus 256 segments at 50/s = 5.12 s.
        Assert.Equal(TimeSpan.FromSeconds(210), projection.ProjectedRestore);
    }

    [Fact]
    public void NothingReplayedMeasuresNoRate() =>
        Assert.Null(DrillRates.Measure(1, new RestoreTimings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), 0));

    private static BaseBackup Backup(string id, long size, string beginWal, int day) =>
        new(id, null, "DONE", null, new DateTimeOffset(2026, day, 1, 0, 0, 0, TimeSpan.Zero), beginWal, null, 1, "1", 150000, size, []);
}
