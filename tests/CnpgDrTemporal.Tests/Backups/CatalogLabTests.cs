using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Backups;

/// <summary>The catalog's verdicts on every kind of lineage the lab wrote with the real Barman tools.</summary>
[Collection(LabCollection.Name)]
public sealed class CatalogLabTests(LabFixture lab)
{
    private static string[] Codes(IEnumerable<Verdict> verdicts) => verdicts.Select(v => v.Code).ToArray();

    private async Task<BackupCatalog> CatalogAsync() => await lab.CatalogReader().ReadAsync("app");

    [Fact]
    public async Task HealthyLineageHasTwoDataBearingBackupsOnTimelineOne()
    {
        var v1 = (await CatalogAsync()).Find("app-database-v1")!;
        Assert.Equal([VerdictCodes.DataBearing], Codes(v1.Verdicts));
        Assert.Equal([lab.Fact("v1_backup1"), lab.Fact("v1_backup2")], v1.Backups.Select(b => b.BackupId));
        Assert.All(v1.Backups, b =>
        {
            Assert.Equal("DONE", b.Status);
            Assert.Equal(lab.Fact("systemid_main"), b.SystemId);
            Assert.Equal(1, b.Timeline);
            Assert.InRange(b.PgVersion!.Value, 150000, 159999);
            Assert.True(b.SizeBytes > 5_000_000, $"size {b.SizeBytes}");
            Assert.Equal([VerdictCodes.DataBearing], Codes(b.Verdicts));
        });
        var tl = Assert.Single(v1.Wal.Timelines);
        Assert.Equal("000000010000000000000001", tl.FirstSegment);
        Assert.Equal(lab.Fact("v1_last_wal"), tl.LastSegment);
        Assert.Empty(v1.Wal.Gaps);
        Assert.Empty(v1.Wal.HistoryFiles);
    }

    [Fact]
    public async Task RestoredLineageIsOnTimelineTwoWithAHistoryFileAndTheSameSystemId()
    {
        var v2 = (await CatalogAsync()).Find("app-database-v2")!;
        Assert.Equal([VerdictCodes.DataBearing], Codes(v2.Verdicts));
        var tl = Assert.Single(v2.Wal.Timelines);
        Assert.Equal(2, tl.Timeline);
        Assert.Contains(v2.Wal.HistoryFiles, h => h.StartsWith("00000002.history", StringComparison.Ordinal));
        var backup = Assert.Single(v2.Backups);
        Assert.Equal(2, backup.Timeline);
        Assert.Equal(lab.Fact("systemid_main"), backup.SystemId);
    }

    [Fact]
    public async Task PollutedLineageNamesBothSystemIdsAndTheEmptyBackup()
    {
        var v3 = (await CatalogAsync()).Find("app-database-v3")!;
        Assert.Contains(VerdictCodes.Polluted, Codes(v3.Verdicts));
        Assert.Contains(VerdictCodes.DataBearing, Codes(v3.Verdicts));
        var polluted = v3.Verdicts.Single(v => v.Code == VerdictCodes.Polluted);
        Assert.Contains(lab.Fact("systemid_main"), polluted.Evidence, StringComparison.Ordinal);
        Assert.Contains(lab.Fact("systemid_fresh"), polluted.Evidence, StringComparison.Ordinal);
        var data = v3.Backups.Single(b => b.BackupId == lab.Fact("v3_backup_data"));
        var empty = v3.Backups.Single(b => b.BackupId == lab.Fact("v3_backup_empty"));
        Assert.Contains(VerdictCodes.DataBearing, Codes(data.Verdicts));
        Assert.Contains(VerdictCodes.SuspectEmpty, Codes(empty.Verdicts));
        Assert.DoesNotContain(VerdictCodes.DataBearing, Codes(empty.Verdicts));
        Assert.Equal(lab.Fact("systemid_fresh"), empty.SystemId);
    }

    [Fact]
    public async Task AbandonedLineageHasWalButNoBaseBackup()
    {
        var v4 = (await CatalogAsync()).Find("app-database-v4")!;
        Assert.Equal([VerdictCodes.NoBaseBackup], Codes(v4.Verdicts));
        Assert.Empty(v4.Backups);
        Assert.Single(v4.Wal.Timelines);
        Assert.Contains("WAL 0000000100", v4.Verdicts[0].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GapLineageReportsTheDeletedSegmentOnTheBackupBeforeIt()
    {
        var v5 = (await CatalogAsync()).Find("app-database-v5")!;
        Assert.Contains(VerdictCodes.WalGap, Codes(v5.Verdicts));
        var gap = Assert.Single(v5.Wal.Gaps);
        Assert.Equal(1, gap.MissingSegments);
        Assert.Equal(WalSegment.Parse(lab.Fact("v5_gap_segment")).Next().Name, gap.FirstAfter);
        var first = v5.Backups.Single(b => b.BackupId == lab.Fact("v5_backup1"));
        var second = v5.Backups.Single(b => b.BackupId == lab.Fact("v5_backup2"));
        Assert.Contains(VerdictCodes.WalGap, Codes(first.Verdicts));
        Assert.Contains(lab.Fact("v5_gap_segment")[..16], first.Verdicts.Single(v => v.Code == VerdictCodes.WalGap).Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(VerdictCodes.WalGap, Codes(second.Verdicts));
    }

    [Fact]
    public async Task DeepScanFindsTheSameGapsAsTheTargetedOne()
    {
        var deep = await lab.CatalogReader().ReadAsync("app", deep: true);
        var targeted = await CatalogAsync();
        Assert.Equal(targeted.Find("app-database-v5")!.Wal.Gaps, deep.Find("app-database-v5")!.Wal.Gaps);
        Assert.Empty(deep.Find("app-database-v1")!.Wal.Gaps);
    }

    [Fact]
    public async Task NextWriteLineageSkipsEveryNumberSeenInS3()
    {
        Assert.Equal("app-database-v6", await lab.CatalogReader().NextWriteLineageAsync("app", "app-database-v2"));
    }

    [Fact]
    public async Task UnknownDatabaseGivesAnEmptyCatalog()
    {
        var catalog = await lab.CatalogReader().ReadAsync("no-such-db");
        Assert.Empty(catalog.Lineages);
    }
}
