namespace CnpgDrTemporal.Activities.Backups;

/// <summary>The raw facts of one lineage before any verdict: backups, WAL layout, timelines, gaps.</summary>
public sealed record LineageFacts(string ServerName, IReadOnlyList<BaseBackup> Backups, IReadOnlyDictionary<string, string> Unreadable, WalArchive Wal);

/// <summary>Reads one serverName folder: <c>base/</c> in one listing, each <c>backup.info</c>, then the WAL archive.</summary>
public sealed class LineageReader(BucketReader bucket, S3Options options)
{
    public async Task<LineageFacts> ReadAsync(string lineagePrefix, string serverName, bool deep, CancellationToken ct)
    {
        var (backups, unreadable) = await ReadBackupsAsync(lineagePrefix, ct).ConfigureAwait(false);
        var wal = await ReadWalAsync(lineagePrefix, backups, deep, ct).ConfigureAwait(false);
        return new LineageFacts(serverName, backups, unreadable, wal);
    }

    private async Task<(List<BaseBackup> Backups, Dictionary<string, string> Unreadable)> ReadBackupsAsync(string lineagePrefix, CancellationToken ct)
    {
        var basePrefix = lineagePrefix + "base/";
        var listing = await bucket.ListAllAsync(basePrefix, ct: ct).ConfigureAwait(false);
        var byId = listing.Objects
            .Where(o => o.Key.IndexOf('/', basePrefix.Length) > 0)
            .GroupBy(o => o.Key[basePrefix.Length..o.Key.IndexOf('/', basePrefix.Length)])
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        var backups = new List<BaseBackup>();
        var unreadable = new Dictionary<string, string>();
        foreach (var group in byId)
        {
            var size = group.Where(o => !o.Key.EndsWith("/backup.info", StringComparison.Ordinal)).Sum(o => o.Size);
            var infoKey = group.FirstOrDefault(o => o.Key.EndsWith("/backup.info", StringComparison.Ordinal))?.Key;
            try
            {
                if (infoKey is null)
                {
                    throw new FormatException("backup.info is missing");
                }

                var info = BackupInfo.Parse(await bucket.GetTextAsync(infoKey, ct).ConfigureAwait(false));
                backups.Add(new BaseBackup(group.Key, info.BackupName, info.Status, info.BeginTime, info.EndTime, info.BeginWal, info.EndWal, info.Timeline, info.SystemId, info.PgVersion, size, []));
            }
            catch (Exception e) when (e is FormatException or Amazon.S3.AmazonS3Exception)
            {
                unreadable[group.Key] = $"backup.info unreadable: {e.Message}";
                backups.Add(new BaseBackup(group.Key, null, "UNKNOWN", null, null, null, null, null, null, null, size, []));
            }
        }

        return (backups, unreadable);
    }

    private async Task<WalArchive> ReadWalAsync(string lineagePrefix, List<BaseBackup> backups, bool deep, CancellationToken ct)
    {
        var scanner = new WalArchiveScanner(bucket, lineagePrefix);
        var layout = await scanner.ReadLayoutAsync(ct).ConfigureAwait(false);
        var timelines = new List<WalTimeline>();
        var gaps = new List<WalGap>();
        var checkedRanges = new List<string>();
        foreach (var (tl, folders) in layout.FoldersByTimeline.OrderBy(kv => kv.Key))
        {
            if (await scanner.ReadTimelineAsync(tl, folders, ct).ConfigureAwait(false) is not { } timeline)
            {
                continue;
            }

            timelines.Add(timeline);
            gaps.AddRange(MissingFolders(tl, folders));
            foreach (var (from, to) in RangesToCheck(timeline, backups, deep))
            {
                var scan = await scanner.ScanAsync(from, to, null, deep ? int.MaxValue : 20, stopAtGap: false, ct).ConfigureAwait(false);
                gaps.AddRange(scan.Gaps.Where(g => !gaps.Contains(g)));
                var upTo = scan.Complete ? to.Name : scan.LastContiguousSegment?.Name ?? from.Name;
                checkedRanges.Add($"{from.Name}..{upTo}{(scan.Complete ? string.Empty : " (budget spent; run with --deep)")}");
            }
        }

        var lastArchived = timelines.Count == 0 ? (DateTimeOffset?)null : timelines.Max(t => t.LastArchivedAt);
        return new WalArchive(timelines, layout.HistoryFiles, lastArchived, gaps, checkedRanges);
    }

    /// <summary>A whole missing log folder inside a timeline's range is a gap found for free.</summary>
    private static IEnumerable<WalGap> MissingFolders(int timeline, IReadOnlyList<string> folders)
    {
        for (var i = 1; i < folders.Count; i++)
        {
            var before = WalSegment.FromFolder(folders[i - 1]);
            var after = WalSegment.FromFolder(folders[i]);
            var missingLogs = after.Log - before.Log - 1;
            if (missingLogs > 0)
            {
                yield return new WalGap(timeline, $"{folders[i - 1]}/*", after.Name, missingLogs * WalSegment.SegmentsPerLog);
            }
        }
    }

    /// <summary>
    /// Ranges listed segment by segment: each DONE backup's begin..end plus a window after it, and
    /// the newest backup of the timeline up to the archive's end (what "latest" replays). Deep: everything.
    /// </summary>
    private List<(WalSegment From, WalSegment To)> RangesToCheck(WalTimeline timeline, List<BaseBackup> backups, bool deep)
    {
        var first = WalSegment.Parse(timeline.FirstSegment);
        var last = WalSegment.Parse(timeline.LastSegment);
        if (deep)
        {
            return [(first, last)];
        }

        var starts = backups
            .Where(b => b.IsDone && b.BeginWal is not null && WalSegment.Parse(b.BeginWal).Timeline == timeline.Timeline)
            .Select(b => (Begin: WalSegment.Parse(b.BeginWal!), End: b.EndWal is null ? WalSegment.Parse(b.BeginWal!) : WalSegment.Parse(b.EndWal)))
            .Where(r => r.Begin.Number <= last.Number)
            .OrderBy(r => r.Begin.Number)
            .ToList();
        var ranges = new List<(WalSegment From, WalSegment To)>();
        for (var i = 0; i < starts.Count; i++)
        {
            var from = starts[i].Begin.Number < first.Number ? first : starts[i].Begin;
            var to = i == starts.Count - 1 ? last : Min(last, starts[i].End with { Number = starts[i].End.Number + options.GapScanSegments });
            if (ranges.Count > 0 && ranges[^1].To.Number + 1 >= from.Number)
            {
                ranges[^1] = (ranges[^1].From, Max(ranges[^1].To, to));
            }
            else
            {
                ranges.Add((from, to));
            }
        }

        return ranges;
    }

    private static WalSegment Min(WalSegment a, WalSegment b) => a.Number <= b.Number ? a : b;

    private static WalSegment Max(WalSegment a, WalSegment b) => a.Number >= b.Number ? a : b;
}
