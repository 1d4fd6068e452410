using System.Globalization;

namespace CnpgDrTemporal.Activities.Backups;

/// <summary>Where a timeline's WAL starts: its first log folder and the first key in it.</summary>
public sealed record TimelineStart(int Timeline, string FirstFolder, S3Entry FirstKey);

/// <summary>The timelines and history files of a lineage's <c>wals/</c>.</summary>
public sealed record WalLayout(IReadOnlyList<TimelineStart> Timelines, IReadOnlyList<string> HistoryFiles);

/// <summary>
/// Finds timelines and their last log folder with one-key <c>StartAfter</c> probes, so the cost grows
/// with the number of timelines, not with the hundreds of folders a long archive has.
/// </summary>
public sealed class WalLayoutProbe(BucketReader bucket, string walsPrefix)
{
    /// <summary>One probe per timeline and history file: each skips past everything already seen.</summary>
    public async Task<WalLayout> DiscoverAsync(CancellationToken ct)
    {
        var timelines = new List<TimelineStart>();
        var history = new List<string>();
        string? cursor = null;
        while (true)
        {
            var page = await bucket.ListPageAsync(walsPrefix, startAfter: cursor, maxKeys: 1, ct: ct).ConfigureAwait(false);
            if (page.Objects.Count == 0)
            {
                return new WalLayout(timelines, history);
            }

            var key = page.Objects[0];
            var name = key.Key[walsPrefix.Length..];
            if (name.Length > 17 && name[16] == '/' && int.TryParse(name.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var tl))
            {
                timelines.Add(new TimelineStart(tl, name[..16], key));
                cursor = walsPrefix + name[..8] + "~"; // '~' sorts after every hex digit and '/': skips the rest of this timeline
                continue;
            }

            if (name.Contains(".history", StringComparison.Ordinal))
            {
                history.Add(name);
            }

            cursor = key.Key;
        }
    }

    /// <summary>
    /// The last log folder of a timeline: gallop up from a folder known to exist (a backup's, when it
    /// is still there), then bisect; each probe returns the next existing folder after a log number.
    /// </summary>
    public async Task<string> FindLastFolderAsync(TimelineStart start, long? hintLog, CancellationToken ct)
    {
        var firstLog = LogOf(start.FirstFolder);
        var lo = firstLog;
        if (hintLog is { } hint && hint > firstLog && await NextFolderAfterAsync(start.Timeline, hint - 1, ct).ConfigureAwait(false) is { } atHint)
        {
            lo = atHint;
        }

        long step = 1;
        while (await NextFolderAfterAsync(start.Timeline, lo + step - 1, ct).ConfigureAwait(false) is { } further && further > lo)
        {
            lo = further;
            step *= 2;
        }

        // No folder above lo + step - 1: the last one is in [lo, lo + step - 1].
        var hi = lo + step - 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            if (await NextFolderAfterAsync(start.Timeline, mid - 1, ct).ConfigureAwait(false) is { } found && found <= hi)
            {
                lo = found;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return Folder(start.Timeline, lo);
    }

    private async Task<long?> NextFolderAfterAsync(int timeline, long log, CancellationToken ct)
    {
        var timelinePrefix = walsPrefix + timeline.ToString("X8", CultureInfo.InvariantCulture);
        var page = await bucket.ListPageAsync(timelinePrefix, startAfter: walsPrefix + Folder(timeline, log) + "~", maxKeys: 1, ct: ct).ConfigureAwait(false);
        if (page.Objects.Count == 0)
        {
            return null;
        }

        var name = page.Objects[0].Key[walsPrefix.Length..];
        return name.Length > 16 && name[16] == '/' ? LogOf(name[..16]) : null;
    }

    private static long LogOf(string folder) => long.Parse(folder.AsSpan(8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Folder(int timeline, long log) => string.Create(CultureInfo.InvariantCulture, $"{timeline:X8}{log:X8}");
}
