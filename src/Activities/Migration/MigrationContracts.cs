using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.GitOps.Migration;
using CnpgDrTemporal.Activities.Recovery;

namespace CnpgDrTemporal.Activities.Migration;

/// <summary>Move <paramref name="Database"/>'s backups to the Barman Cloud plugin (names only, no secrets).</summary>
public sealed record MigrationRequest(string Database, PluginMigrationOptions? Options = null, PushMode PushMode = PushMode.Direct);

/// <summary>
/// The read-only plan a human approves: <see cref="Refusal"/> (nothing will happen, e.g. already in plugin
/// shape) or the git change with its rendered difference and the lineage whose archiving will be proven.
/// <see cref="Timings"/> and <see cref="ArchiveWait"/> are the worker's settings when it planned.
/// </summary>
public sealed record MigrationPlan(
    string Database,
    string? Refusal,
    bool AlreadyMigrated,
    string WriteLineage,
    GitPlan? Git,
    string RenderedDifference,
    IReadOnlyList<Finding> Guards,
    PushMode PushMode,
    StepTimings Timings,
    TimeSpan ArchiveWait)
{
    public string? PlanHash => Git?.PlanHash;

    public string Summary => Refusal ?? Git?.Summary ?? string.Empty;
}

/// <summary>Read the write lineage in S3 before the change.</summary>
public sealed record MarkArchiveRequest(string Database, string Lineage);

/// <summary>Wait (bounded by <paramref name="Wait"/>) until S3 shows archiving went on in the same lineage.</summary>
public sealed record ProveArchiveRequest(string Database, ArchiveMark Before, string? BackupId, TimeSpan Wait);

/// <summary>Push the revert of the migration commit <paramref name="PushedSha"/>.</summary>
public sealed record RevertMigrationRequest(string Database, string PushedSha);

/// <summary><c>errorType</c> of the migration's own non-retryable failures.</summary>
public static class MigrationErrorTypes
{
    public const string RecoveryRunning = "MigrationRecoveryRunning";
    public const string NotProven = "MigrationNotProven";
}
