using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using System.Text.Json.Serialization;

namespace CnpgDrTemporal.Activities.Rebuild;

/// <summary>What the rebuild does with one database.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RebuildAction>))]
public enum RebuildAction
{
    /// <summary>Restore from the newest data-bearing lineage into a fresh write lineage.</summary>
    Recover,

    /// <summary>No data to restore and the operator allowed an empty start: initdb on a fresh lineage.</summary>
    Initdb,

    /// <summary>Reported and left alone (no usable backup, a foreign live Cluster, a guard).</summary>
    Skip,

    /// <summary>The live Cluster was created from this very plan (an earlier run): carry on, change nothing in git.</summary>
    Resume,
}

/// <summary>
/// Rebuild input. <see cref="Databases"/> empty = every database directory under <c>Dr:Git:DatabasesPath</c>;
/// <see cref="InitdbFor"/> names databases that may start empty when the catalog holds no data for them.
/// </summary>
public sealed record RebuildRequest(
    IReadOnlyList<string>? Databases = null,
    IReadOnlyList<string>? InitdbFor = null,
    PushMode PushMode = PushMode.Direct);

/// <summary>One database's part of the plan. <see cref="Git"/> is null when git already says what is needed.</summary>
public sealed record RebuildEntry(
    string Database,
    RebuildAction Action,
    string Reason,
    string? SourceLineage = null,
    string? BackupId = null,
    string? NextLineage = null,
    string? ExpectedSystemId = null,
    int? SourceTimeline = null,
    IReadOnlyList<string>? ConsumerNamespaces = null,
    GitPlan? Git = null);

/// <summary>
/// The combined plan a human approves once: <see cref="PlanHash"/> covers every entry's decision and
/// the combined <see cref="Diff"/>. <see cref="PlannedAt"/> names the review branch, stable across retries.
/// </summary>
public sealed record RebuildPlan(
    IReadOnlyList<RebuildEntry> Entries,
    string Summary,
    string Diff,
    string PlanHash,
    PushMode PushMode,
    DateTimeOffset PlannedAt,
    Recovery.StepTimings? Timings = null)
{
    public RebuildEntry? Entry(string database) => Entries.FirstOrDefault(e => e.Database == database);
}

public sealed record PushRebuildRequest(RebuildPlan Plan);
