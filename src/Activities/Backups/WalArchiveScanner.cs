namespace CnpgDrTemporal.Activities.Backups;

/// <summary>What a targeted scan of a WAL range found.</summary>
public sealed record WalScan(IReadOnlyList<WalGap> Gaps, S3Entry? LastContiguous, WalSegment? LastContiguousSegment, bool Complete, int Requests);

/// <summary>
/// Reads a WAL archive without listing all of it: <c>StartAfter</c> probes for the last segment,
/// and listings only over the ranges asked for.
/// </summary>
public sealed class WalArchiveScanner(BucketReader bucket, string lineagePrefix)
{
    public string WalsPrefix => lineagePrefix + "wals/";

    /// <summary>First and last segment of a timeline, and when the last one was archived.</summary>
    public async Task<WalTimeline?> ReadTimelineAsync(TimelineStart start, string lastFolder, CancellationToken ct)
    {
        var first = Segment(start.FirstKey.Key);
        if (first is null)
        {
            var firstPage = await bucket.ListPageAsync(WalsPrefix + start.FirstFolder + "/", maxKeys: 16, ct: ct).ConfigureAwait(false);
            first = firstPage.Objects.Select(o => Segment(o.Key)).FirstOrDefault(s => s is not null);
        }

        var last = await FindLastAsync(lastFolder, ct).ConfigureAwait(false);
        if (first is null || last is null)
        {
            return null;
        }

        return new WalTimeline(start.Timeline, first.Value.Name, Segment(last.Key)!.Value.Name, last.LastModified);
    }

    /// <summary>
    /// Binary search over segment numbers with <c>StartAfter</c>: each probe asks for the keys after
    /// a candidate; a probe page that reaches the folder's end answers directly.
    /// </summary>
    public async Task<S3Entry?> FindLastAsync(string folder, CancellationToken ct)
    {
        var prefix = WalsPrefix + folder + "/";
        var start = WalSegment.FromFolder(folder);
        var page = await bucket.ListPageAsync(prefix, ct: ct).ConfigureAwait(false);
        var best = LastSegmentEntry(page);
        if (best is null || !page.Truncated)
        {
            return best;
        }

        // Invariant: the last segment lies in [lo, hi] and lo is known to exist.
        var lo = Segment(best.Key)!.Value.Number;
        var hi = start.Number + WalSegment.SegmentsPerLog - 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            page = await bucket.ListPageAsync(prefix, startAfter: prefix + new WalSegment(start.Timeline, mid).Name + "~", ct: ct).ConfigureAwait(false);
            var found = LastSegmentEntry(page);
            if (found is null)
            {
                hi = mid;
                continue;
            }

            best = found;
            lo = Segment(best.Key)!.Value.Number;
            if (!page.Truncated)
            {
                return best;
            }
        }

        return best;
    }

    private static S3Entry? LastSegmentEntry(S3Page page) => page.Objects.LastOrDefault(o => Segment(o.Key) is not null);

    /// <summary>
    /// Lists segments of one timeline from <paramref name="from"/> on and reports gaps. Stops at
    /// <paramref name="to"/>, when <paramref name="stopAt"/> matches a contiguous segment, or when the
    /// request budget is spent (then <see cref="WalScan.Complete"/> is false). With <paramref name="stopAtGap"/>
    /// the last contiguous segment is the one before the first gap: how far a replay can go.
    /// </summary>
    public async Task<WalScan> ScanAsync(WalSegment from, WalSegment? to, Func<S3Entry, bool>? stopAt, int maxRequests, bool stopAtGap, CancellationToken ct)
    {
        var gaps = new List<WalGap>();
        var expected = from;
        S3Entry? lastEntry = null;
        WalSegment? lastSegment = null;
        string? token = null;
        var requests = 0;
        var timelinePrefix = WalsPrefix + from.Timeline.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
        var startAfter = WalsPrefix + from.Folder + "/";
        do
        {
            if (requests >= maxRequests)
            {
                return new WalScan(gaps, lastEntry, lastSegment, false, requests);
            }

            var page = await bucket.ListPageAsync(timelinePrefix, startAfter: token is null ? startAfter : null, continuationToken: token, ct: ct).ConfigureAwait(false);
            requests++;
            foreach (var entry in page.Objects)
            {
                if (Segment(entry.Key) is not { } seg || seg.Timeline != from.Timeline || seg.Number < expected.Number)
                {
                    continue;
                }

                if (seg.Number > expected.Number)
                {
                    gaps.Add(new WalGap(from.Timeline, lastSegment?.Name, seg.Name, seg.Number - expected.Number));
                    if (stopAtGap)
                    {
                        return new WalScan(gaps, lastEntry, lastSegment, true, requests);
                    }
                }

                lastEntry = entry;
                lastSegment = seg;
                expected = seg.Next();
                if ((to is { } end && seg.Number >= end.Number) || (gaps.Count == 0 && stopAt?.Invoke(entry) == true))
                {
                    return new WalScan(gaps, lastEntry, lastSegment, true, requests);
                }
            }

            token = page.Truncated ? page.ContinuationToken : null;
        }
        while (token is not null);
        return new WalScan(gaps, lastEntry, lastSegment, true, requests);
    }

    private static WalSegment? Segment(string key) => WalSegment.TryFromKey(key, out var s) ? s : null;
}
