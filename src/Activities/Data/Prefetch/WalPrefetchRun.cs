using CnpgDrTemporal.Activities.Backups;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>
/// One restore's prefetch: the spool inside the workspace and the background download loop. Disposing
/// stops the loop; the spool goes with the workspace.
/// </summary>
public sealed class WalPrefetchRun : IAsyncDisposable
{
    /// <summary>The only segment size <see cref="WalSegment"/> names are computed for.</summary>
    public const long DefaultSegmentBytes = 16L << 20;

    private readonly CancellationTokenSource stop = new();
    private readonly WalPrefetcher prefetcher;
    private readonly WalSpool spool;
    private Task<WalPrefetchStats>? running;

    private WalPrefetchRun(WalPrefetcher prefetcher, WalSpool spool)
    {
        this.prefetcher = prefetcher;
        this.spool = spool;
    }

    /// <summary>
    /// Null (the restore keeps the per-segment tool) when prefetch is off or the lineage is one we do not
    /// prefetch: a segment size other than 16 MiB, or timelines after the backup's (the replay would switch).
    /// </summary>
    public static WalPrefetchRun? Create(LocalRestoreOptions o, BucketReader bucket, string lineagePrefix, Lineage lineage, BaseBackup backup, DateTimeOffset? targetTime, string spoolDir, ILogger logger)
    {
        var why = o.WalPrefetch <= 0 ? "Dr:LocalRestore:WalPrefetch is 0"
            : backup.WalSegmentBytes is { } size && size != DefaultSegmentBytes ? $"WAL segments of {size} bytes"
            : !WalSegment.TryParse(backup.BeginWal, out _) ? "the backup has no begin_wal"
            : lineage.Wal.Timelines.Any(t => t.Timeline > backup.Timeline) ? $"{lineage.ServerName} has timelines after the backup's {backup.Timeline}"
            : null;
        if (why is not null)
        {
            logger.LogInformation("WAL prefetch off for {Lineage}@{Backup}: {Why}; every segment comes from barman-cloud-wal-restore", lineage.ServerName, backup.BackupId, why);
            return null;
        }

        Directory.CreateDirectory(spoolDir);
        var spool = new WalSpool(spoolDir, o.SpoolMaxBytes, DefaultSegmentBytes);
        var plan = new WalPrefetchPlan(lineagePrefix + "wals/", WalSegment.Parse(backup.BeginWal!), DefaultSegmentBytes, backup.SystemId, targetTime);
        return new WalPrefetchRun(new WalPrefetcher(bucket, plan, spool, o.WalPrefetch, logger), spool);
    }

    public string RestoreCommand(string fallback, TimeSpan maxWait) => spool.RestoreCommand(fallback, maxWait);

    public void Start() => running = Task.Run(() => prefetcher.RunAsync(stop.Token));

    /// <summary>Stops the loop (the replay is over) and says what it did.</summary>
    public async Task<WalPrefetchStats> StopAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        return running is null ? prefetcher.Stats() : await running.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        stop.Dispose();
    }
}
