using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps.Migration;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Workflows.Recovery;
using System.Text.Json.Serialization;

namespace CnpgDrTemporal.Workflows.Migration;

/// <summary>
/// What the operator starts a migration with (names only). <see cref="Options"/> chooses the ObjectStore
/// name, whether the recovery overlay moves too and whether a PodMonitor replaces <c>enablePodMonitor</c>.
/// </summary>
public sealed record MigrationInput(
    string Database,
    PluginMigrationOptions? Options = null,
    PushMode PushMode = PushMode.Direct,
    bool FourEyes = false,
    string? InitiatedBy = null,
    TimeSpan? ApprovalTimeout = null)
{
    public TimeSpan EffectiveApprovalTimeout => ApprovalTimeout ?? TimeSpan.FromHours(24);

    /// <summary>One migration per database at a time: <c>cnpg-dr-migrate-&lt;db&gt;</c>.</summary>
    public static string WorkflowIdFor(string database) => DrWorkflowIds.Migration(database);

    /// <summary>The same checks as a recovery's input (database name, timeouts, four-eyes).</summary>
    public IReadOnlyList<string> Problems() => ForInbox().Problems();

    /// <summary>The recovery's input shape, for the shared approval inbox and its checks.</summary>
    public RecoveryInput ForInbox() => new(Database, FourEyes: FourEyes, InitiatedBy: InitiatedBy, ApprovalTimeout: ApprovalTimeout);
}

[JsonConverter(typeof(JsonStringEnumConverter<MigrationOutcome>))]
public enum MigrationOutcome
{
    /// <summary>Pushed, synced and proven: the same lineage archives through the plugin.</summary>
    Migrated,

    /// <summary>Git already has the plugin shape: nothing done.</summary>
    AlreadyMigrated,

    /// <summary>The plan refused (recovery flag, unsafe sync, a recovery running): nothing done.</summary>
    Refused,

    /// <summary>After a failure the operator sent <c>revert</c>: the revert commit is pushed and synced.</summary>
    Reverted,

    Rejected,
    Aborted,
    TimedOut,
}

/// <summary>Signal <c>revert</c>: push the one-commit revert of the migration (only while parked).</summary>
public sealed record RevertRequest(string? By = null, string? Reason = null);

/// <summary>How the migration ended; <see cref="Proof"/> is the S3 evidence when it was read.</summary>
public sealed record MigrationResult(MigrationOutcome Outcome, string Database, string Reason, string? PlanHash, string? PushedSha, string? RevertSha, ArchiveProof? Proof);

/// <summary>The answer of the <c>status</c> query: plan, approval, steps done, and when parked the evidence and the commands.</summary>
public sealed record MigrationStatus(
    string Database,
    string State,
    string? CurrentStep,
    string? PlanHash,
    string? PlanSummary,
    string? RenderedDifference,
    string? PushedSha,
    IReadOnlyList<StepRecord> Finished,
    PendingApproval? PendingApproval,
    IReadOnlyList<RefusedSignal> Refused,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<string> OperatorCommands,
    MigrationOutcome? Outcome);
