using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Data;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CnpgDrTemporal.Activities.Recovery;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>
/// What the operator starts a recovery with (no secrets: names only). Times carry a zone; durations
/// are <c>[d.]hh:mm:ss</c>. <see cref="InitiatedBy"/> is required with <see cref="FourEyes"/>.
/// </summary>
public sealed partial record RecoveryInput(
    string Database,
    string? SourceLineage = null,
    string? BackupId = null,
    DateTimeOffset? TargetTime = null,
    string? NextLineage = null,
    PushMode PushMode = PushMode.Direct,
    IReadOnlyList<string>? ConsumerNamespaces = null,
    bool FlipBackAfterSuccess = false,
    bool FourEyes = false,
    string? InitiatedBy = null,
    bool DryRun = false,
    TimeSpan? ApprovalTimeout = null,
    TimeSpan? ReminderInterval = null,
    TimeSpan? RecoveryTimeout = null,
    int? WalMaxParallel = null)
{
    public const string WorkflowIdPrefix = Activities.Migration.DrWorkflowIds.RecoveryPrefix;

    public TimeSpan EffectiveApprovalTimeout => ApprovalTimeout ?? TimeSpan.FromHours(24);

    public TimeSpan EffectiveReminderInterval => ReminderInterval ?? TimeSpan.FromHours(1);

    public TimeSpan EffectiveRecoveryTimeout => RecoveryTimeout ?? TimeSpan.FromHours(6);

    /// <summary>One recovery per database at a time: the workflow ID is derived from it.</summary>
    public static string WorkflowIdFor(string database) => Activities.Migration.DrWorkflowIds.Recovery(database);

    /// <summary>Every problem of this input, empty when it may start.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(Database) || !DnsLabel().IsMatch(Database))
        {
            problems.Add($"database '{Database}' is not a lowercase DNS label (a-z, 0-9, '-')");
        }

        foreach (var (name, value) in new[] { ("approvalTimeout", ApprovalTimeout), ("reminderInterval", ReminderInterval), ("recoveryTimeout", RecoveryTimeout) })
        {
            if (value is { } v && v <= TimeSpan.Zero)
            {
                problems.Add($"{name} {v} is not positive");
            }
        }

        if (WalMaxParallel is < 1 or > Activities.GitOps.GitOpsEdits.MaxWalParallel)
        {
            problems.Add($"walMaxParallel {WalMaxParallel} is not between 1 and {Activities.GitOps.GitOpsEdits.MaxWalParallel}");
        }

        if (FourEyes && string.IsNullOrWhiteSpace(InitiatedBy))
        {
            problems.Add("fourEyes needs initiatedBy: the approver must differ from the initiator");
        }

        return problems;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}

/// <summary>A human's yes to one step of one database's plan. <see cref="PlanHash"/> must be the pending plan's.</summary>
public sealed record Approval(string Step, string Database, string PlanHash, string Approver, string? Comment = null);

/// <summary>Answer of the <c>Approve</c> update.</summary>
public sealed record ApprovalReceipt(string Step, string PlanHash, string Approver, DateTimeOffset At);

/// <summary>Input of the <c>reject</c> and <c>abort</c> signals.</summary>
public sealed record StopRequest(string? Reason = null, string? By = null);

/// <summary>Signal <c>retry</c>: run the parked step again, after the cause was fixed.</summary>
public sealed record RetryRequest(string? By = null, string? Comment = null);

/// <summary>Input of the <c>retarget</c> signal: a new target time and/or backup, or neither for "latest".</summary>
public sealed record RetargetRequest(DateTimeOffset? TargetTime = null, string? BackupId = null, string? SourceLineage = null);

[JsonConverter(typeof(JsonStringEnumConverter<RecoveryOutcome>))]
public enum RecoveryOutcome
{
    Recovered,
    DryRun,
    Rejected,
    Aborted,
    TimedOut,
}

/// <summary>How the workflow ended when it did not fail.</summary>
public sealed record RecoveryResult(RecoveryOutcome Outcome, string Database, string Reason, RecoveryPlan? Plan, string? PushedSha, ValidationReport? Validation);
