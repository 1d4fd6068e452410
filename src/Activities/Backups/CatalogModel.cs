namespace CnpgDrTemporal.Activities.Backups;

/// <summary>Verdict codes, with the evidence that led to each.</summary>
public static class VerdictCodes
{
    public const string DataBearing = "data-bearing";
    public const string Polluted = "polluted";
    public const string SuspectEmpty = "suspect-empty";
    public const string NoBaseBackup = "no-base-backup";
    public const string WalGap = "wal-gap";
    public const string AgedOut = "aged-out";
    public const string Unreadable = "unreadable";
    public const string NotDone = "not-done";

    public static readonly IReadOnlyList<string> All = [DataBearing, Polluted, SuspectEmpty, NoBaseBackup, WalGap, AgedOut, Unreadable, NotDone];
}

public sealed record Verdict(string Code, string Evidence);

/// <summary>Everything S3 says about one database: its lineages, newest first by number.</summary>
public sealed record BackupCatalog(string Database, string Location, IReadOnlyList<Lineage> Lineages, int S3Requests)
{
    public Lineage? Find(string serverName) => Lineages.FirstOrDefault(l => l.ServerName == serverName);
}

/// <summary>One Barman serverName: its base backups and its WAL archive.</summary>
public sealed record Lineage(
    string ServerName,
    int? Number,
    IReadOnlyList<BaseBackup> Backups,
    WalArchive Wal,
    IReadOnlyList<string> SystemIds,
    IReadOnlyList<Verdict> Verdicts)
{
    public bool Is(string code) => Verdicts.Any(v => v.Code == code);
}

/// <summary>A base backup as <c>backup.info</c> describes it, sized from its data objects; <see cref="WalSegmentBytes"/> is <c>xlog_segment_size</c>.</summary>
public sealed record BaseBackup(
    string BackupId,
    string? BackupName,
    string Status,
    DateTimeOffset? BeginTime,
    DateTimeOffset? EndTime,
    string? BeginWal,
    string? EndWal,
    int? Timeline,
    string? SystemId,
    int? PgVersion,
    long SizeBytes,
    IReadOnlyList<Verdict> Verdicts,
    long? WalSegmentBytes = null)
{
    public bool IsDone => Status == "DONE";

    public bool Is(string code) => Verdicts.Any(v => v.Code == code);
}

/// <summary>The WAL archive of a lineage, found without listing all of it.</summary>
public sealed record WalArchive(
    IReadOnlyList<WalTimeline> Timelines,
    IReadOnlyList<string> HistoryFiles,
    DateTimeOffset? LastArchivedAt,
    IReadOnlyList<WalGap> Gaps,
    IReadOnlyList<string> CheckedRanges);

public sealed record WalTimeline(int Timeline, string FirstSegment, string LastSegment, DateTimeOffset LastArchivedAt);

/// <summary>Segments missing before <see cref="FirstAfter"/>; <see cref="LastBefore"/> is null when the scan's first segment itself is missing.</summary>
public sealed record WalGap(int Timeline, string? LastBefore, string FirstAfter, long MissingSegments);
