using CnpgDrTemporal.Activities.Backups;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>
/// What the prefetch did during one restore: segments read ahead and taken, requests answered from S3
/// (found or absent), requests we referred to Barman, and <see cref="AskedBarman"/>: every run of
/// barman-cloud-wal-restore, whatever sent it there (a referral, a refused download, no answer in time,
/// the prefetch stopped). A referral is therefore counted in both.
/// </summary>
public sealed record WalPrefetchStats(int Downloaded, int TakenFromSpool, int Refused, long PeakSpoolBytes, long MaxSpoolBytes, int AnsweredFound = 0, int AnsweredAbsent = 0, int Referred = 0, int AskedBarman = 0);

/// <summary>Where to prefetch from and how far: one timeline from the backup's first segment on.</summary>
public sealed record WalPrefetchPlan(string WalsPrefix, WalSegment First, long SegmentBytes, string? SystemId, DateTimeOffset? StopAfterArchivedAt);

/// <summary>
/// While PostgreSQL replays, keeps the next <c>Dr:LocalRestore:WalPrefetch</c> segments of the timeline
/// downloaded, decompressed and checked in the <see cref="WalSpool"/>, in order, within its byte cap,
/// and answers restore_command's requests for anything else (<see cref="WalRequests"/>). Lists the
/// timeline page by page as it goes; the read-ahead stops at a gap, at the first segment archived after
/// the recovery target, or at the end of the archive; requests are answered until the restore is over.
/// Whatever it cannot read with certainty it leaves to <c>barman-cloud-wal-restore</c>.
/// </summary>
public sealed class WalPrefetcher(BucketReader bucket, WalPrefetchPlan plan, WalSpool spool, int parallel, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private readonly Queue<(S3Entry Entry, WalSegment Segment)> listed = new();
    // Keyed by what is fetched, never by task: a download that completes synchronously returns the
    // runtime's one cached Task for a null result, so two downloads could share a key and one be lost.
    private readonly Dictionary<WalSegment, Task<string?>> downloads = [];
    private readonly Dictionary<string, Task<WalAnswer>> answers = [];
    private readonly WalDownloader downloader = new(bucket, plan);
    private string? continuation;
    private bool listingDone;
    private WalSegment expected = plan.First;
    private int downloaded;
    private int refused;
    private int found;
    private int absent;
    private int referred;

    /// <summary>Runs until cancelled (the restore is over) or the spool fails; then restore_command goes to Barman.</summary>
    public async Task<WalPrefetchStats> RunAsync(CancellationToken ct)
    {
        var requests = new WalRequests(bucket, plan, spool, downloader);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                spool.Reap();
                Answer(requests, ct);
                while (spool.Ahead < parallel && spool.HasRoom && await NextAsync(ct).ConfigureAwait(false) is { } next)
                {
                    // A segment PostgreSQL already has (a request got there before the listing did) is not fetched twice.
                    if (!answers.ContainsKey(next.Segment.Name) && !spool.Behind(next.Segment) && spool.Begin(next.Segment))
                    {
                        downloads[next.Segment] = Download(next.Entry, next.Segment, ct);
                    }
                }

                await Task.WhenAny(downloads.Values.Cast<Task>().Concat(answers.Values).Append(Task.Delay(Poll, ct))).ConfigureAwait(false);
                Collect();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The restore is over (promoted or failed): the spool is deleted with the workspace.
        }
        catch (IOException e)
        {
            logger.LogWarning("WAL prefetch stopped, the rest of the WAL comes from barman-cloud-wal-restore: {Error}", e.Message);
        }
        finally
        {
            await Task.WhenAll(downloads.Values.Cast<Task>().Concat(answers.Values)).ConfigureAwait(false);
            try
            {
                spool.Stop();
                spool.Reap();
            }
            catch (IOException)
            {
                // The workspace is already going away: nobody asks any more.
            }
        }

        return Stats();
    }

    public WalPrefetchStats Stats() => new(downloaded, spool.Consumed, refused, spool.PeakBytes, spool.MaxBytes, found, absent, referred, spool.AskedBarman);

    /// <summary>Starts an answer for each new request the read-ahead will not fulfil anyway.</summary>
    private void Answer(WalRequests requests, CancellationToken ct)
    {
        foreach (var name in spool.Wanted)
        {
            if (answers.ContainsKey(name) || spool.AlreadyThere(name))
            {
                continue;
            }

            if (WalSegment.TryParseName(name, out var segment))
            {
                // PostgreSQL reads in order: whatever it asks for, the read-ahead before it was passed by.
                spool.PassedTo(segment);
                if (spool.Holds(segment) || listed.Any(l => l.Segment == segment))
                {
                    // Downloading or next in line: placing it ends the request.
                    continue;
                }
            }

            answers[name] = Task.Run(() => requests.AnswerAsync(name, ct), CancellationToken.None);
        }
    }

    private void Collect()
    {
        foreach (var (segment, done) in downloads.Where(d => d.Value.IsCompleted).ToList())
        {
            downloads.Remove(segment);
            if (done.Result is { } problem)
            {
                logger.LogWarning("WAL prefetch leaves {Segment} to Barman: {Problem}", segment.Name, problem);
                spool.Abandon(segment);
                refused++;
            }
            else
            {
                spool.Place(segment);
                downloaded++;
            }
        }

        foreach (var (name, done) in answers.Where(a => a.Value.IsCompleted).ToList())
        {
            answers.Remove(name);
            var answer = done.Result;
            switch (answer.Kind)
            {
                case WalAnswerKind.Found when WalSegment.TryParseName(answer.Name, out var segment):
                    spool.Place(segment, asked: true);
                    found++;
                    break;
                case WalAnswerKind.Found:
                    spool.PlaceFile(answer.Name);
                    found++;
                    break;
                case WalAnswerKind.Absent:
                    logger.LogDebug("WAL {Name} is not in the archive", answer.Name);
                    spool.Absent(answer.Name);
                    absent++;
                    break;
                default:
                    logger.LogInformation("WAL prefetch leaves {Name} to Barman: {Why}", answer.Name, answer.Why);
                    spool.Refer(answer.Name);
                    referred++;
                    break;
            }
        }
    }

    /// <summary>The next segment to read ahead, listing another page when the queue runs dry.</summary>
    private async Task<(S3Entry Entry, WalSegment Segment)?> NextAsync(CancellationToken ct)
    {
        if (listed.Count == 0 && !listingDone)
        {
            try
            {
                await ListPageAsync(ct).ConfigureAwait(false);
            }
            catch (DrException e)
            {
                // A failed listing ends the read-ahead, not the restore: requests are still answered, or go to Barman.
                logger.LogWarning("WAL prefetch stops reading ahead: {Error}", e.Message);
                listingDone = true;
            }
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

    /// <summary>Download, decompress and check one segment into its part file; a reason leaves it to Barman.</summary>
    private Task<string?> Download(S3Entry entry, WalSegment segment, CancellationToken ct) =>
        WalCompression.ReaderFor(entry.Key) is { } reader
            ? downloader.DownloadAsync(entry.Key, reader, spool.PartPath(segment), segment, ct)
            : Task.FromResult<string?>("compression not read here");
}
