using System.Globalization;

namespace CnpgDrTemporal.Activities.Backups;

/// <summary>Turns the raw facts of every lineage of a database into verdicts with their evidence.</summary>
public static class CatalogVerdicts
{
    public static IReadOnlyList<Lineage> Judge(IReadOnlyList<LineageFacts> lineages, double suspectEmptyRatio)
    {
        var doneSizes = lineages.SelectMany(l => l.Backups).Where(b => b.IsDone).Select(b => b.SizeBytes).Order().ToList();
        var median = doneSizes.Count == 0 ? 0 : doneSizes[doneSizes.Count / 2];
        var lineagesBySystemId = lineages
            .SelectMany(l => l.Backups.Where(b => b.IsDone && b.SystemId is not null).Select(b => (b.SystemId!, l.ServerName)))
            .Distinct()
            .GroupBy(x => x.Item1)
            .ToDictionary(g => g.Key, g => g.Count());
        var sharedHistoryExists = lineagesBySystemId.Values.Any(n => n > 1);

        return lineages.Select(l =>
        {
            var backups = l.Backups.Select(b => b with { Verdicts = JudgeBackup(l, b, median, suspectEmptyRatio, lineagesBySystemId, sharedHistoryExists) }).ToList();
            var systemIds = backups.Where(b => b.IsDone && b.SystemId is not null).Select(b => b.SystemId!).Distinct().ToList();
            return new Lineage(l.ServerName, LineageNames.NumberOf(l.ServerName), backups, l.Wal, systemIds, JudgeLineage(l, backups, systemIds));
        }).ToList();
    }

    private static List<Verdict> JudgeBackup(LineageFacts l, BaseBackup b, long median, double ratio, Dictionary<string, int> lineagesBySystemId, bool sharedHistoryExists)
    {
        var verdicts = new List<Verdict>();
        if (l.Unreadable.TryGetValue(b.BackupId, out var reason))
        {
            verdicts.Add(new Verdict(VerdictCodes.Unreadable, reason));
            return verdicts;
        }

        if (!b.IsDone)
        {
            verdicts.Add(new Verdict(VerdictCodes.NotDone, $"status {b.Status}"));
            return verdicts;
        }

        if (median > 0 && b.SizeBytes < ratio * median)
        {
            verdicts.Add(new Verdict(VerdictCodes.SuspectEmpty, $"{Bytes(b.SizeBytes)} is less than {ratio:0.##} x the median DONE backup of the database ({Bytes(median)})"));
        }
        else if (sharedHistoryExists && b.SystemId is not null && lineagesBySystemId[b.SystemId] == 1 && l.Backups.Any(o => o.IsDone && o.SystemId != b.SystemId))
        {
            verdicts.Add(new Verdict(VerdictCodes.SuspectEmpty, $"systemid {b.SystemId} appears in no other lineage: a fresh initdb wrote this backup"));
        }
        else if (sharedHistoryExists && b.SystemId is not null && lineagesBySystemId[b.SystemId] == 1 && lineagesBySystemId.Count > 1)
        {
            verdicts.Add(new Verdict(VerdictCodes.SuspectEmpty, $"systemid {b.SystemId} appears in no other lineage while others share one history"));
        }

        var begin = WalSegment.Parse(b.BeginWal!);
        var end = b.EndWal is not null && WalSegment.TryParse(b.EndWal, out var e) ? e : begin;
        var timeline = l.Wal.Timelines.FirstOrDefault(t => t.Timeline == begin.Timeline);
        if (timeline is null)
        {
            verdicts.Add(new Verdict(VerdictCodes.AgedOut, $"no WAL of timeline {begin.Timeline} is left in the archive (begin_wal {b.BeginWal})"));
        }
        else if (WalSegment.Parse(timeline.FirstSegment).Number > begin.Number)
        {
            verdicts.Add(new Verdict(VerdictCodes.AgedOut, $"WAL now starts at {timeline.FirstSegment}, after begin_wal {b.BeginWal}"));
        }

        var gaps = l.Wal.Gaps.Where(g => g.Timeline == begin.Timeline && WalSegment.Parse(g.FirstAfter).Number > begin.Number).ToList();
        if (gaps.Count > 0)
        {
            verdicts.Add(new Verdict(VerdictCodes.WalGap, "after begin_wal " + b.BeginWal + ": " + string.Join("; ", gaps.Select(Describe))));
        }

        var unrestorable = verdicts.Any(v => v.Code is VerdictCodes.SuspectEmpty or VerdictCodes.AgedOut) ||
            gaps.Any(g => WalSegment.Parse(g.FirstAfter).Number - g.MissingSegments <= end.Number);
        if (!unrestorable)
        {
            verdicts.Insert(0, new Verdict(VerdictCodes.DataBearing, $"DONE, {Bytes(b.SizeBytes)}, systemid {b.SystemId}, WAL {b.BeginWal}..{b.EndWal} archived"));
        }

        return verdicts;
    }

    private static List<Verdict> JudgeLineage(LineageFacts l, List<BaseBackup> backups, List<string> systemIds)
    {
        var verdicts = new List<Verdict>();
        var bearing = backups.Where(b => b.Is(VerdictCodes.DataBearing)).ToList();
        if (bearing.Count > 0)
        {
            var newest = bearing[^1];
            verdicts.Add(new Verdict(VerdictCodes.DataBearing, $"{bearing.Count} data-bearing backup(s), newest {newest.BackupId} (systemid {newest.SystemId})"));
        }

        if (backups.Count == 0)
        {
            var range = l.Wal.Timelines.Count == 0 ? "no WAL either" : $"WAL {l.Wal.Timelines[0].FirstSegment}..{l.Wal.Timelines[^1].LastSegment} but nothing to start a restore from";
            verdicts.Add(new Verdict(VerdictCodes.NoBaseBackup, range));
        }

        if (systemIds.Count > 1)
        {
            var evidence = string.Join("; ", systemIds.Select(id => $"systemid {id}: {string.Join(", ", backups.Where(b => b.SystemId == id).Select(b => b.BackupId))}"));
            verdicts.Add(new Verdict(VerdictCodes.Polluted, $"{systemIds.Count} systemids in one serverName: {evidence}"));
        }

        var done = backups.Where(b => b.IsDone).ToList();
        if (done.Count > 0 && done.All(b => b.Is(VerdictCodes.SuspectEmpty)))
        {
            verdicts.Add(new Verdict(VerdictCodes.SuspectEmpty, "every DONE backup is suspect-empty"));
        }

        if (l.Wal.Gaps.Count > 0)
        {
            verdicts.Add(new Verdict(VerdictCodes.WalGap, string.Join("; ", l.Wal.Gaps.Select(Describe))));
        }

        AddFromBackups(verdicts, backups, VerdictCodes.AgedOut);
        AddFromBackups(verdicts, backups, VerdictCodes.Unreadable);
        return verdicts;
    }

    private static void AddFromBackups(List<Verdict> verdicts, List<BaseBackup> backups, string code)
    {
        var hit = backups.Where(b => b.Is(code)).Select(b => b.BackupId).ToList();
        if (hit.Count > 0)
        {
            verdicts.Add(new Verdict(code, $"backup(s) {string.Join(", ", hit)}"));
        }
    }

    public static string Describe(WalGap g) =>
        string.Create(CultureInfo.InvariantCulture, $"timeline {g.Timeline}: {g.MissingSegments} segment(s) missing {(g.LastBefore is null ? "before" : $"between {g.LastBefore} and")} {g.FirstAfter}");

    public static string Bytes(long n) => n switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{n / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{n / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{n / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{n} B"),
    };
}
