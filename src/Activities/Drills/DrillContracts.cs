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
/// now would lose). Restore duration is the RTO proxy; <see cref="WalReplaySegmentsPerSecond"/> and
/// <see cref="WalReplayMegabytesPerSecond"/> are the measured replay rate, and <see cref="Projection"/>
/// the restore time of the lineage at its current size at the measured rates (local drills).
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
    string? Failure,
    double? WalReplaySegmentsPerSecond = null,
    double? WalReplayMegabytesPerSecond = null,
    RestoreProjection? Projection = null)
{
    public string Verdict => Failure is null && Validation?.Passed == true ? "pass" : "fail";

    /// <summary>The rate and projection in words, for the webhook and the CLI; empty when not measured.</summary>
    public string RatesText() =>
        WalReplaySegmentsPerSecond is not { } perSecond ? string.Empty
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"WAL replay {WalSegmentsReplayed} segments at {perSecond:0.#} segments/s ({WalReplayMegabytesPerSecond:0.#} MB/s)")
              + (Projection is { } p ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", projected restore of {p.Lineage} ({p.BaseBackupBytes / (double)(1L << 30):0.##} GiB base backup {p.BackupId} + {p.WalSegmentsSinceBackup} WAL segments): {p.ProjectedRestore}") : string.Empty);
}
