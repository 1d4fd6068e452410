using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Data;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>One finished step (or approval) with its one-line result.</summary>
public sealed record StepRecord(string Step, int Round, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Result);

/// <summary>What the workflow waits for, with everything needed to decide and the commands that answer.</summary>
public sealed record PendingApproval(
    string Step,
    string Database,
    string PlanHash,
    string Why,
    string PlanSummary,
    string Diff,
    DateTimeOffset Since,
    DateTimeOffset Deadline,
    string ApproveCommand,
    string ApproveUpdateCommand,
    string RejectCommand);

/// <summary>A signal or update that changed nothing, and why.</summary>
public sealed record RefusedSignal(string Name, string Reason, DateTimeOffset At, Approval? Approval = null);

/// <summary>The answer of the <c>status</c> query.</summary>
public sealed record RecoveryStatus(
    string Database,
    string State,
    string? CurrentStep,
    int Round,
    string? PlanHash,
    string? PlanSummary,
    string? PushedSha,
    IReadOnlyList<StepRecord> Finished,
    PendingApproval? PendingApproval,
    string? WaitingFor,
    IReadOnlyList<RefusedSignal> Refused,
    RecoveryProgress? Progress,
    IReadOnlyList<StuckPvc> StuckPvcs,
    ValidationReport? Validation,
    string? Failure,
    RecoveryOutcome? Outcome,
    IReadOnlyList<Approval> Approvals);

/// <summary>Values of <see cref="RecoveryStatus.State"/>.</summary>
public static class RunbookStates
{
    public const string Running = "running";
    public const string WaitingForApproval = "waiting-for-approval";
    public const string WaitingForRetarget = "waiting-for-retarget";
    public const string WaitingForOperator = "waiting-for-operator";
    public const string Finished = "finished";
    public const string Failed = "failed";
}
