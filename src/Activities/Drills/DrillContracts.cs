using System.Text.Json.Serialization;
using CnpgDrTemporal.Activities.Data;

namespace CnpgDrTemporal.Activities.Drills;

[JsonConverter(typeof(JsonStringEnumConverter<DrillMode>))]
public enum DrillMode
{
    /// <summary>Restore inside the worker into a throwaway PostgreSQL.</summary>
    Local,

    /// <summary>Restore into a scratch Cluster in the drill namespace, through the Kubernetes API only.</summary>
    Cluster,
}

/// <summary>A non-destructive restore test. Without a lineage: the newest data-bearing one, latest.</summary>
public sealed record DrillInput(string Database, DrillMode Mode = DrillMode.Local, string? Lineage = null, string? BackupId = null, DateTimeOffset? TargetTime = null);

/// <summary>
/// What a drill proved. RPO: how old the newest archived WAL was when the drill ran (what a disaster
/// now would lose). Restore duration is the RTO proxy.
/// </summary>
public sealed record DrillReport(
    string Database,
    DrillMode Mode,
    string? Lineage,
    string? BackupId,
    DateTimeOffset StartedAt,
    DateTimeOffset? LastArchivedWalAt,
    TimeSpan? Rpo,
    TimeSpan RestoreDuration,
    int WalSegmentsReplayed,
    ValidationReport? Validation,
    string? Failure)
{
    public string Verdict => Failure is null && Validation?.Passed == true ? "pass" : "fail";
}
