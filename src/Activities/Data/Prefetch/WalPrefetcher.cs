using CnpgDrTemporal.Activities.Backups;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>What the prefetch did during one restore.</summary>
public sealed record WalPrefetchStats(int Downloaded, int TakenFromSpool, int Refused, long PeakSpoolBytes, long MaxSpoolBytes);

/// <summary>Where to prefetch from and how far: one timeline from the backup's first segment on.</summary>
public sealed record WalPrefetchPlan(string WalsPrefix, WalSegment First, long SegmentBytes, string? SystemId, DateTimeOffset? StopAfterArchivedAt);

/// <summary>
/// While PostgreSQL replays, keeps the next <c>Dr:LocalRestore:WalPrefetch</c> segments of the timeline
/// downloaded, decompressed and checked in the <see cref="WalSpool"/>, in order, within its byte cap.
/// Lists the timeline page by page with <see cref="BucketReader"/> as it goes; stops at a gap, at the
/// first segment archived after the recovery target, or at the end of the archive. Whatever it cannot
/// read with certainty it leaves to <c>barman-cloud-wal-restore</c>.
/// </summary>
public sealed class WalPrefetcher(BucketReader bucket, WalPrefetchPlan plan, WalSpool spool, int parallel, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private readonly Queue<(S3Entry Entry, WalSegment Segment)> listed = new();
    private readonly Dictionary<Task<bool>, WalSegment> downloads = [];
    private string? continuation;
    private bool listingDone;
    private WalSegment expected = plan.First;
    private int downloaded;
    private int refused;

    /// <summary>Runs until everything up to the stop point is in the spool and taken, or until cancelled.</summary>
    public async Task<WalPrefetchStats> RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                spool.Reap();
                while (spool.Ahead < parallel && spool.HasRoom && await NextAsync(ct).ConfigureAwait(false) is { } next)
                {
                    spool.Begin(next.Segment);
                    downloads[DownloadAsync(next.Entry, next.Segment, ct)] = next.Segment;
                }

                if (listingDone && listed.Count == 0 && spool.Ahead == 0)
                {
                    break;
                }

                await Task.WhenAny(downloads.Keys.Append(Task.Delay(Poll, ct))).ConfigureAwait(false);
                foreach (var done in downloads.Keys.Where(t => t.IsCompleted).ToList())
                {
                    var segment = downloads[done];
                    downloads.Remove(done);
                    if (await done.ConfigureAwait(false))
                    {
                        spool.Place(segment);
                        downloaded++;
                    }
                    else
                    {
                        spool.Abandon(segment);
                        refused++;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The restore is over (promoted or failed): the spool is deleted with the workspace.
        }
        catch (Exception e) when (e is DrException or IOException)
        {
            // A failed listing or spool error ends the prefetch, not the restore: restore_command falls back to Barman.
            logger.LogWarning("WAL prefetch stopped, the rest of the WAL comes from barman-cloud-wal-restore: {Error}", e.Message);
        }
        finally
        {
            await Task.WhenAll(downloads.Keys).ConfigureAwait(false);
            spool.Reap();
        }

        return Stats();
    }

    public WalPrefetchStats Stats() => new(downloaded, spool.Consumed, refused, spool.PeakBytes, spool.MaxBytes);

    /// <summary>The next segment to fetch, listing another page when the queue runs dry.</summary>
    private async Task<(S3Entry Entry, WalSegment Segment)?> NextAsync(CancellationToken ct)
    {
        if (listed.Count == 0 && !listingDone)
        {
            await ListPageAsync(ct).ConfigureAwait(false);
        }

        return listed.Count > 0 ? listed.Dequeue() : null;
    }

    private async Task ListPageAsync(CancellationToken ct)
    {
        var timelinePrefix = plan.WalsPrefix + plan.First.Timeline.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
        var page = await bucket.ListPageAsync(timelinePrefix, startAfter: continuation is null ? plan.WalsPrefix + plan.First.Folder + "/" : null, continuationToken: continuation, ct: ct).ConfigureAwait(false);
        foreach (var entry in page.Objects)
        {
            if (!WalSegment.TryFromKey(entry.Key, out var segment) || segment.Timeline != plan.First.Timeline || segment.Number < expected.Number)
            {
                continue;
            }

            if (segment.Number > expected.Number)
            {
                logger.LogInformation("WAL prefetch stops before {Segment}: segments are missing before it", segment.Name);
                listingDone = true;
                return;
            }

            listed.Enqueue((entry, segment));
            expected = segment.Next();
            if (plan.StopAfterArchivedAt is { } target && entry.LastModified > target)
            {
                // This segment was archived after the target, so it holds the target's records: enough.
                listingDone = true;
                return;
            }
        }

        continuation = page.Truncated ? page.ContinuationToken : null;
        listingDone = continuation is null;
    }

    /// <summary>Download, decompress and check one segment into its part file; false leaves it to Barman.</summary>
    private async Task<bool> DownloadAsync(S3Entry entry, WalSegment segment, CancellationToken ct)
    {
        var part = spool.PartPath(segment);
        try
        {
            if (WalCompression.ReaderFor(entry.Key) is not { } reader)
            {
                logger.LogInformation("WAL prefetch leaves {Key} to Barman: compression not read here", entry.Key);
                return false;
            }

            // Created before the first byte arrives: restore_command waits for a part file instead of falling back.
            await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true))
            {
                await bucket.ReadAsync(entry.Key, async body =>
                {
                    await using var input = reader(body);
                    await input.CopyToAsync(file, ct).ConfigureAwait(false);
                }, ct).ConfigureAwait(false);
            }

            if (WalFileCheck.Problem(part, segment, plan.SegmentBytes, plan.SystemId) is { } problem)
            {
                logger.LogWarning("WAL prefetch leaves {Segment} to Barman: {Problem}", segment.Name, problem);
                return false;
            }

            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning("WAL prefetch leaves {Segment} to Barman: {Error}", segment.Name, SecretScrubber.Scrub(e.Message));
            return false;
        }
    }
}
