namespace CnpgDrTemporal.Activities.Notify;

/// <summary>Kinds of <see cref="RecoveryEvent"/>: a scripting contract for webhook receivers.</summary>
public static class RecoveryEventKinds
{
    public const string ApprovalNeeded = "approval-needed";
    public const string ApprovalReminder = "approval-reminder";
    public const string RetargetNeeded = "retarget-needed";
    public const string StepFailed = "step-failed";
    public const string OperatorNeeded = "operator-needed";
    public const string Finished = "finished";
}

/// <summary>The JSON body of a webhook POST. <see cref="Command"/> is the CLI command that answers it, if any.</summary>
public sealed record RecoveryEvent(string Kind, string Database, string WorkflowId, string? Step, string Message, DateTimeOffset At, string? Command = null);
