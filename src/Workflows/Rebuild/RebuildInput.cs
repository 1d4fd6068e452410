using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Activities.Git;
using System.Text.Json.Serialization;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Workflows.Recovery;

namespace CnpgDrTemporal.Workflows.Rebuild;

/// <summary>
/// What the operator starts a rebuild with. <see cref="Databases"/> empty = every database directory in git;
/// <see cref="InitdbFor"/> may start empty; at most <see cref="MaxParallel"/> databases recover at once.
/// </summary>
public sealed record RebuildInput(
    IReadOnlyList<string>? Databases = null,
    IReadOnlyList<string>? InitdbFor = null,
    PushMode PushMode = PushMode.Direct,
    int MaxParallel = 2,
    bool FourEyes = false,
    string? InitiatedBy = null,
    TimeSpan? ApprovalTimeout = null,
    TimeSpan? RecoveryTimeout = null)
{
    public const string WorkflowId = "cnpg-dr-rebuild";

    /// <summary>The <c>database</c> of the one approval: it covers every database of the plan.</summary>
    public const string AllDatabases = "*";

    public TimeSpan EffectiveApprovalTimeout => ApprovalTimeout ?? TimeSpan.FromHours(24);

    public TimeSpan EffectiveRecoveryTimeout => RecoveryTimeout ?? TimeSpan.FromHours(6);

    public static string ChildWorkflowIdFor(string database) => $"{WorkflowId}-{database}";

    public RebuildRequest Request => new(Databases, InitdbFor, PushMode);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxParallel < 1)
        {
            problems.Add($"maxParallel {MaxParallel} is not at least 1");
        }

        foreach (var db in (Databases ?? []).Concat(InitdbFor ?? []))
        {
            if (new RecoveryInput(db).Problems() is [var p, ..])
            {
                problems.Add(p);
            }
        }

        foreach (var (name, value) in new[] { ("approvalTimeout", ApprovalTimeout), ("recoveryTimeout", RecoveryTimeout) })
        {
            if (value is { } v && v <= TimeSpan.Zero)
            {
                problems.Add($"{name} {v} is not positive");
            }
        }

        if (FourEyes && string.IsNullOrWhiteSpace(InitiatedBy))
        {
            problems.Add("fourEyes needs initiatedBy: the approver must differ from the initiator");
        }

        return problems;
    }
}

/// <summary>One database's child run: its plan entry and the commit Argo CD must sync to.</summary>
public sealed record RebuildDatabaseInput(RebuildEntry Entry, string Revision, TimeSpan RecoveryTimeout, StepTimings? Timings = null);

[JsonConverter(typeof(JsonStringEnumConverter<RebuildOutcome>))]
public enum RebuildOutcome
{
    /// <summary>Every planned database came back (skipped ones are reported in the result).</summary>
    Rebuilt,

    /// <summary>Some databases failed; the others came back.</summary>
    Partial,

    /// <summary>Every database was skipped: nothing was committed.</summary>
    NothingToDo,
    Rejected,
    Aborted,
    TimedOut,
}

[JsonConverter(typeof(JsonStringEnumConverter<DatabaseOutcome>))]
public enum DatabaseOutcome
{
    Rebuilt,
    Skipped,
    Failed,

    /// <summary>The run stopped (abort) before this database's turn.</summary>
    NotStarted,
}

public sealed record RebuildDatabaseResult(string Database, RebuildAction Action, DatabaseOutcome Outcome, string Detail, ValidationReport? Validation = null);

public sealed record RebuildResult(RebuildOutcome Outcome, string Reason, string? PlanHash, string? PushedSha, IReadOnlyList<RebuildDatabaseResult> Databases);

/// <summary>One database as the <c>status</c> query shows it; <see cref="State"/> is one of <see cref="RebuildStates"/>.</summary>
public sealed record DatabaseState(string Database, RebuildAction Action, string State, string Detail);

/// <summary>The answer of the rebuild's <c>status</c> query.</summary>
public sealed record RebuildStatus(
    string State,
    string? PlanHash,
    string? PlanSummary,
    string? PushedSha,
    PendingApproval? PendingApproval,
    IReadOnlyList<RefusedSignal> Refused,
    IReadOnlyList<DatabaseState> Databases,
    RebuildOutcome? Outcome);

/// <summary>Values of <see cref="DatabaseState.State"/>.</summary>
public static class RebuildStates
{
    public const string Planned = "planned";
    public const string Skipped = "skipped";
    public const string Waiting = "waiting-for-slot";
    public const string Running = "running";
    public const string Rebuilt = "rebuilt";
    public const string Failed = "failed";
    public const string NotStarted = "not-started";
}
