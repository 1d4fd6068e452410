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
        var read = await Task.WhenAll(byId.Select(group => ReadBackupAsync(group.Key, group.ToList(), ct))).ConfigureAwait(false);
        var unreadable = read.Where(r => r.Error is not null).ToDictionary(r => r.Backup.BackupId, r => r.Error!);
        return (read.Select(r => r.Backup).ToList(), unreadable);
    }

    private async Task<(BaseBackup Backup, string? Error)> ReadBackupAsync(string backupId, List<S3Entry> objects, CancellationToken ct)
    {
        var size = objects.Where(o => !o.Key.EndsWith("/backup.info", StringComparison.Ordinal)).Sum(o => o.Size);
        var infoKey = objects.FirstOrDefault(o => o.Key.EndsWith("/backup.info", StringComparison.Ordinal))?.Key;
        try
        {
            if (infoKey is null)
            {
                throw new FormatException("backup.info is missing");
            }

            var info = BackupInfo.Parse(await bucket.GetTextAsync(infoKey, ct).ConfigureAwait(false));
            return (new BaseBackup(backupId, info.BackupName, info.Status, info.BeginTime, info.EndTime, info.BeginWal, info.EndWal, info.Timeline, info.SystemId, info.PgVersion, size, [], info.WalSegmentBytes), null);
        }
        catch (Exception e) when (e is FormatException or Amazon.S3.AmazonS3Exception)
        {
            return (new BaseBackup(backupId, null, "UNKNOWN", null, null, null, null, null, null, null, size, []), $"backup.info unreadable: {e.Message}");
        }
    }

    private async Task<WalArchive> ReadWalAsync(string lineagePrefix, List<BaseBackup> backups, bool deep, CancellationToken ct)
    {
        var scanner = new WalArchiveScanner(bucket, lineagePrefix);
        var probe = new WalLayoutProbe(bucket, scanner.WalsPrefix);
        var layout = await probe.DiscoverAsync(ct).ConfigureAwait(false);
        var perTimeline = await Task.WhenAll(layout.Timelines.Select(start => ReadTimelineAsync(scanner, probe, start, backups, deep, ct))).ConfigureAwait(false);
        var timelines = perTimeline.Where(t => t.Timeline is not null).Select(t => t.Timeline!).ToList();
        var gaps = perTimeline.SelectMany(t => t.Gaps).Distinct().ToList();
        var checkedRanges = perTimeline.SelectMany(t => t.Checked).ToList();
        var lastArchived = timelines.Count == 0 ? (DateTimeOffset?)null : timelines.Max(t => t.LastArchivedAt);
        return new WalArchive(timelines, layout.HistoryFiles, lastArchived, gaps, checkedRanges);
    }

    private async Task<(WalTimeline? Timeline, List<WalGap> Gaps, List<string> Checked)> ReadTimelineAsync(
        WalArchiveScanner scanner, WalLayoutProbe probe, TimelineStart start, List<BaseBackup> backups, bool deep, CancellationToken ct)
    {
        // The newest backup's folder is a good place to start looking for the end.
        var hint = backups
            .Where(b => b.IsDone && b.BeginWal is not null && WalSegment.Parse(b.BeginWal).Timeline == start.Timeline)
            .Select(b => (long?)WalSegment.Parse(b.BeginWal!).Log)
            .Max();
        var lastFolder = await probe.FindLastFolderAsync(start, hint, ct).ConfigureAwait(false);
        if (await scanner.ReadTimelineAsync(start, lastFolder, ct).ConfigureAwait(false) is not { } timeline)
        {
            return (null, [], []);
        }

        var scans = await Task.WhenAll(RangesToCheck(timeline, backups, deep).Select(async r =>
        {
            var scan = await scanner.ScanAsync(r.From, r.To, null, deep ? int.MaxValue : 20, stopAtGap: false, ct).ConfigureAwait(false);
            var upTo = scan.Complete ? r.To.Name : scan.LastContiguousSegment?.Name ?? r.From.Name;
            return (scan.Gaps, Checked: $"{r.From.Name}..{upTo}{(scan.Complete ? string.Empty : " (budget spent; run with --deep)")}");
        })).ConfigureAwait(false);
        return (timeline, scans.SelectMany(s => s.Gaps).ToList(), scans.Select(s => s.Checked).ToList());
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
