using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Backups;

/// <summary>Reachability of recovery targets against the lab's real WAL archive times.</summary>
[Collection(LabCollection.Name)]
public sealed class TargetCheckLabTests(LabFixture lab)
{
    private Task<TargetCheckResult> CheckAsync(string lineage, DateTimeOffset? time = null, string? backupId = null) =>
        lab.TargetChecker().CheckAsync(new TargetCheckRequest("app", lineage, backupId, time));

    [Fact]
    public async Task TimeBeforeTheFirstBackupEndedIsRefused()
    {
        var catalog = await lab.CatalogReader().ReadAsync("app");
        var firstEnd = catalog.Find("app-database-v1")!.Backups[0].EndTime!.Value;
        var result = await CheckAsync("app-database-v1", firstEnd.AddSeconds(-1));
        Assert.False(result.Reachable);
        Assert.Contains("ended before", result.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeInsideTheWindowIsAcceptedWithTheBackupBeforeIt()
    {
        var result = await CheckAsync("app-database-v1", lab.Time("ts_a"));
        Assert.True(result.Reachable, string.Join("; ", result.Reasons));
        Assert.Equal(lab.Fact("v1_backup1"), result.BackupId);
        Assert.True(result.RecoverableUntil > lab.Time("ts_a"));
    }

    [Fact]
    public async Task TimeAfterTheLastArchivedWalIsRefused()
    {
        var result = await CheckAsync("app-database-v1", lab.Time("ts_c").AddHours(1));
        Assert.False(result.Reachable);
        Assert.Equal(lab.Fact("v1_last_wal"), result.LastReachableSegment);
        Assert.Contains("after the last WAL reachable", string.Join(" ", result.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeAcrossAWalGapIsRefusedNamingTheGap()
    {
        var result = await CheckAsync("app-database-v5", lab.Time("ts_after_gap"));
        Assert.False(result.Reachable);
        Assert.Equal(lab.Fact("v5_backup1"), result.BackupId);
        Assert.Contains(result.Reasons, r => r.Contains("gap", StringComparison.Ordinal) && r.Contains(WalSegment.Parse(lab.Fact("v5_gap_segment")).Next().Name, StringComparison.Ordinal));
        Assert.Equal(WalSegment.Parse(lab.Fact("v5_gap_segment")).Previous().Name, result.LastReachableSegment);
    }

    [Fact]
    public async Task LatestOnAPollutedLineageProposesAPinOfTheDataBearingBackup()
    {
        var result = await CheckAsync("app-database-v3");
        Assert.True(result.Reachable, string.Join("; ", result.Reasons));
        Assert.Equal(lab.Fact("v3_backup_data"), result.ProposedBackupIdPin);
        Assert.Equal(lab.Fact("systemid_main"), result.SystemId);
    }

    [Fact]
    public async Task LatestOnAHealthyLineageNeedsNoPin()
    {
        var result = await CheckAsync("app-database-v1");
        Assert.True(result.Reachable);
        Assert.Equal(lab.Fact("v1_backup2"), result.BackupId);
        Assert.Null(result.ProposedBackupIdPin);
    }

    [Fact]
    public async Task PinnedBackupMustExistAndNotBeSuspectEmpty()
    {
        var missing = await CheckAsync("app-database-v1", backupId: "20000101T000000");
        Assert.False(missing.Reachable);
        Assert.Contains("is not in app-database-v1", missing.Reasons[0], StringComparison.Ordinal);
        var empty = await CheckAsync("app-database-v3", backupId: lab.Fact("v3_backup_empty"));
        Assert.False(empty.Reachable);
        Assert.Contains(VerdictCodes.SuspectEmpty, empty.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task LineageWithoutBaseBackupIsRefused()
    {
        var result = await CheckAsync("app-database-v4");
        Assert.False(result.Reachable);
        Assert.Contains("no usable DONE backup", result.Reasons[0], StringComparison.Ordinal);
    }
}
