
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Activities.GitOps;
namespace CnpgDrTemporal.Activities.Status;

/// <summary>One database at a glance: git flag and lineage, live Cluster, backup freshness, last drill.</summary>
public sealed record DatabaseStatus(
    string Database,
    DatabaseMode? Mode,
    string? WriteLineage,
    string? ClusterPhase,
    DateTimeOffset? LastBackupAt,
    TimeSpan? LastBackupAge,
    DateTimeOffset? LastArchivedWalAt,
    TimeSpan? LastArchivedWalAge,
    string? LastDrillVerdict,
    DateTimeOffset? LastDrillAt,
    IReadOnlyList<string> Notes,
    double? LastDrillWalSegmentsPerSecond = null,
    TimeSpan? LastDrillProjectedRestore = null);

/// <summary>The last drill of a database as Temporal visibility knows it; the report when the drill completed.</summary>
public sealed record DrillSummary(string Verdict, DateTimeOffset At, DrillReport? Report = null)
{
    /// <summary>The drill's measured WAL replay rate (local drills only).</summary>
    public double? WalSegmentsPerSecond => Report?.WalReplaySegmentsPerSecond;

    /// <summary>The restore time projected for the production lineage from the drill's rates.</summary>
    public TimeSpan? ProjectedRestore => Report?.Projection?.ProjectedRestore;
}

/// <summary>Where the last drill is looked up; the CLI answers from Temporal when it can reach it.</summary>
public interface IDrillHistory
{
    Task<DrillSummary?> LastAsync(string database, CancellationToken ct);
}
