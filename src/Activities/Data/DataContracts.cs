namespace CnpgDrTemporal.Activities.Data;

/// <summary>Row count of one user table; <see cref="Exact"/> is false for planner estimates of big tables.</summary>
public sealed record TableRows(string Schema, string Name, long Rows, bool Exact)
{
    public string QualifiedName => $"{Schema}.{Name}";
}

/// <summary>
/// What the live database looked like before anything was destroyed. No secrets. In workflow payloads
/// it is <see cref="ForPayload"/>: the largest tables only, with <see cref="TotalTables"/> saying how
/// many there were.
/// </summary>
public sealed record Baseline(
    string Database,
    string SystemId,
    int Timeline,
    string ServerVersion,
    long DatabaseSizeBytes,
    IReadOnlyList<TableRows> Tables,
    DateTimeOffset CapturedAt,
    int? TotalTables = null)
{
    /// <summary>At most this many tables travel in a payload (Temporal refuses payloads over 2 MB).</summary>
    public const int PayloadTables = 500;

    /// <summary>The <see cref="PayloadTables"/> largest tables by rows; the rest are counted, not listed.</summary>
    public Baseline ForPayload() =>
        Tables.Count <= PayloadTables
            ? this
            : this with
            {
                Tables = [.. Tables.OrderByDescending(t => t.Rows).ThenBy(t => t.QualifiedName, StringComparer.Ordinal).Take(PayloadTables)],
                TotalTables = TotalTables ?? Tables.Count,
            };
}

/// <summary>One validation check with what was expected and what was found.</summary>
public sealed record ValidationCheck(string Name, bool Passed, string Expected, string Actual, string? Detail = null);

public sealed record ValidationReport(string Database, string Target, IReadOnlyList<ValidationCheck> Checks, Baseline? Observed)
{
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
}

/// <summary>What a restored database must show: the chosen backup's systemid, a timeline past the source's, the baseline.</summary>
public sealed record ValidationExpectation(string? SystemId = null, int? SourceTimeline = null, Baseline? Baseline = null);

public sealed record ValidateRequest(string Database, ValidationExpectation Expectation);

/// <summary>A local restore of one lineage; the backup and target are as in the catalog's target check.</summary>
public sealed record LocalRestoreRequest(string Database, string Lineage, string? BackupId = null, DateTimeOffset? TargetTime = null, Baseline? Baseline = null);

public sealed record RestoreTimings(TimeSpan Download, TimeSpan WalReplay, TimeSpan Total);

public sealed record LocalRestoreReport(
    string Database,
    string Lineage,
    string BackupId,
    DateTimeOffset? TargetTime,
    RestoreTimings Timings,
    int WalSegmentsRestored,
    string? ConsistentAt,
    ValidationReport Validation,
    Prefetch.WalPrefetchStats? Prefetch = null)
{
    public bool Passed => Validation.Passed;
}
