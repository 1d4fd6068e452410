using System.Globalization;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>
/// The WAL prefetch against the lab's real lineages: same recovery as the per-segment Barman tool, a spool
/// that stays under its cap, Barman for whatever the spool does not hold, and failures keep their type.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LocalRestorePrefetchLabTests(LabFixture lab) : IDisposable
{
    private const long Segment = 16L << 20;
    private readonly string workDir = Path.Combine(Path.GetTempPath(), $"cnpg-dr-prefetch-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task WithPrefetchTheRestoreReachesTheSamePointSystemIdTimelineAndRowsAsWithout()
    {
        var without = await RestoreAsync(prefetch: 0, Segment * 4, lab.Time("ts_b"));
        var with = await RestoreAsync(prefetch: 8, Segment * 16, lab.Time("ts_b"));

        Assert.True(with.Passed, string.Join("\n", with.Validation.Checks.Select(c => $"{c.Name}: {c.Actual}")));
        Assert.Null(without.Prefetch);
        Assert.NotNull(with.Prefetch);
        Assert.True(with.Prefetch.TakenFromSpool > 0, $"no segment came from the spool: {with.Prefetch}");

        // Every probe (history files at start and promotion, the segment after the last, the last one again)
        // was answered from one S3 listing, not by starting Python: a second or more each before.
        Assert.True(with.Prefetch.AnsweredAbsent > 0, $"no probe was answered: {with.Prefetch}");
        Assert.True(with.Prefetch.AskedBarman + with.Prefetch.Referred == 0, $"Barman was asked: {with.Prefetch}");
        Assert.Equal(without.BackupId, with.BackupId);
        Assert.Equal(without.ConsistentAt, with.ConsistentAt);
        Assert.Equal(lab.Fact("systemid_main"), with.Validation.Observed!.SystemId);
        Assert.Equal(without.Validation.Observed!.SystemId, with.Validation.Observed.SystemId);
        Assert.Equal(without.Validation.Observed.Timeline, with.Validation.Observed.Timeline);
        Assert.Equal(long.Parse(lab.Fact("count_b"), CultureInfo.InvariantCulture), Orders(with));
        Assert.Equal(Orders(without), Orders(with));
        Assert.Equal(without.WalSegmentsRestored, with.WalSegmentsRestored);
        AssertNothingLeft();
    }

    [Fact]
    public async Task TheSpoolNeverHoldsMoreThanItsCap()
    {
        var observer = new SpoolObserver(workDir, takeOneSegment: false);
        var watching = observer.RunAsync();
        var report = await RestoreAsync(prefetch: 8, Segment * 2, null, stop: observer);
        await watching;

        Assert.True(report.Passed);
        Assert.True(observer.Samples > 0, "the spool was never seen");
        Assert.True(observer.MaxBytes > 0, "nothing was ever spooled");
        Assert.InRange(observer.MaxBytes, 1, Segment * 2);
        Assert.InRange(report.Prefetch!.PeakSpoolBytes, 1, Segment * 2);
        Assert.Equal(Segment * 2, report.Prefetch.MaxSpoolBytes);
        AssertNothingLeft();
    }

    [Fact]
    public async Task ASegmentMissingFromTheSpoolIsFetchedOnRequestAndTheRestoreIsTheSame()
    {
        var report = await RestoreWithoutOneSegmentAsync(stopPrefetch: false);

        // Restored, and not by Barman: the prefetcher fetched it when restore_command asked.
        Assert.True(report.Prefetch!.AskedBarman == 0, $"Barman was asked: {report.Prefetch}");
        Assert.True(report.Prefetch.AnsweredFound > 0, $"nothing was fetched on request: {report.Prefetch}");
    }

    [Fact]
    public async Task WhenThePrefetchHasStoppedAMissingSegmentComesFromBarmanAndTheRestoreIsTheSame()
    {
        var report = await RestoreWithoutOneSegmentAsync(stopPrefetch: true);

        Assert.True(report.Prefetch!.AskedBarman > 0, $"barman-cloud-wal-restore was never asked: {report.Prefetch}");
    }

    [Fact]
    public async Task ATargetPastTheLastWalStillFailsAsRecoveryTargetUnreachable()
    {
        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => RestoreAsync(prefetch: 8, Segment * 16, lab.Time("ts_c").AddHours(2)));

        Assert.Equal("RecoveryTargetUnreachable", e.ErrorType);
        Assert.True(e.NonRetryable);
        AssertNothingLeft();
    }

    /// <summary>A restore to ts_b (ten segments) during which one segment vanishes from the spool: still the same restore.</summary>
    private async Task<LocalRestoreReport> RestoreWithoutOneSegmentAsync(bool stopPrefetch)
    {
        var observer = new SpoolObserver(workDir, takeOneSegment: true, stopPrefetch);
        var watching = observer.RunAsync();
        var lines = new List<string>();
        var report = await RestoreAsync(prefetch: 8, Segment * 16, lab.Time("ts_b"), stop: observer, onLine: lines.Add);
        await watching;

        Assert.NotNull(observer.Taken);
        Assert.True(report.Passed, string.Join("\n", report.Validation.Checks.Select(c => $"{c.Name}: {c.Actual}")));
        Assert.Contains(lines, l => l.Contains($"restored log file \"{observer.Taken}\" from archive", StringComparison.Ordinal));
        Assert.Equal(long.Parse(lab.Fact("count_b"), CultureInfo.InvariantCulture), Orders(report));
        AssertNothingLeft();
        return report;
    }

    public void Dispose()
    {
        if (Directory.Exists(workDir))
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private async Task<LocalRestoreReport> RestoreAsync(int prefetch, long spoolBytes, DateTimeOffset? target, SpoolObserver? stop = null, Action<string>? onLine = null)
    {
        var settings = new Dictionary<string, string?>(lab.SqlSettings())
        {
            ["Dr:LocalRestore:WorkDir"] = workDir,
            ["Dr:LocalRestore:WalPrefetch"] = prefetch.ToString(CultureInfo.InvariantCulture),
            ["Dr:LocalRestore:SpoolMaxBytes"] = spoolBytes.ToString(CultureInfo.InvariantCulture),
        };
        var restorer = lab.Services(settings).GetRequiredService<LocalRestorer>();
        try
        {
            return onLine is null
                ? await restorer.RestoreAsync(new LocalRestoreRequest("app", "app-database-v1", TargetTime: target), default)
                : await RestoreWithLogAsync(restorer, target, onLine);
        }
        finally
        {
            stop?.Stop();
        }
    }

    /// <summary>The restore through <see cref="LocalRestorer.StartAsync(LocalRestoreRequest, Action{string}?, CancellationToken)"/>, to see the server's log.</summary>
    private static async Task<LocalRestoreReport> RestoreWithLogAsync(LocalRestorer restorer, DateTimeOffset? target, Action<string> onLine)
    {
        await using var instance = await restorer.StartAsync(new LocalRestoreRequest("app", "app-database-v1", TargetTime: target), line => { lock (onLine) { onLine(line); } }, default);
        var sql = new SqlOptions { Host = instance.SocketDir, Port = instance.Port, Database = "app", Username = "postgres" };
        await using var connection = await DatabaseConnector.OpenAsync(sql, null, default);
        var validation = await SqlValidator.ValidateAsync(connection, "app", "prefetch test", new ValidationExpectation(instance.Backup.SystemId, instance.Backup.Timeline), new ValidationRules(), default);
        return new LocalRestoreReport("app", "app-database-v1", instance.Backup.BackupId, target, instance.Timings(), instance.Log.WalFilesRestored, instance.Log.ConsistentAt, validation, instance.Prefetch);
    }

    private static long Orders(LocalRestoreReport report) => report.Validation.Observed!.Tables.Single(t => t.Name == "orders").Rows;

    private void AssertNothingLeft() =>
        Assert.Empty(Directory.Exists(workDir) ? Directory.EnumerateFileSystemEntries(workDir) : []);
}
