using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Recovery;

using static CnpgDrTemporal.Workflows.Recovery.RunbookFailures;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>The waits for humans: approvals and retargets, with reminders, a deadline and stops.</summary>
public sealed partial class RecoveryRunbook
{
    /// <summary>Returns once a matching approval arrived; stops the run on reject, abort or timeout.</summary>
    private async Task ApprovalAsync(string step, RecoveryPlan plan, string why)
    {
        var name = RunbookSteps.ApprovalKey(step);
        currentStep = name;
        var since = host.UtcNow;
        var template = new Approval(step, Db, plan.PlanHash, OperatorCommands.ApproverPlaceholder, "why you approve");
        pending = new PendingApproval(
            step, Db, plan.PlanHash, why, plan.Summary, plan.Diff, since, since + input.EffectiveApprovalTimeout,
            OperatorCommands.Approve(host.Namespace, host.WorkflowId, template),
            OperatorCommands.ApproveUpdate(host.Namespace, host.WorkflowId, template),
            OperatorCommands.Reject(host.Namespace, host.WorkflowId));
        Inbox.Expect(step, plan.PlanHash);
        Publish();
        try
        {
            await NotifyAsync(RecoveryEventKinds.ApprovalNeeded, step, $"approval '{step}' needed for {Db} (plan {plan.PlanHash}): {why}", pending.ApproveCommand);
            var approval = await WaitForDecisionAsync(
                Inbox.TakeApproval,
                () => Inbox.HasApproval,
                pending.Deadline,
                $"approval '{step}'",
                () => NotifyAsync(RecoveryEventKinds.ApprovalReminder, step, $"still waiting for approval '{step}' of {Db} (plan {plan.PlanHash}) until {pending.Deadline:O}", pending.ApproveCommand));
            var comment = string.IsNullOrWhiteSpace(approval.Comment) ? string.Empty : $": {OneLine(approval.Comment)}";
            approvals.Add(approval);
            finished.Add(new StepRecord(name, round, since, host.UtcNow, $"approved by {approval.Approver}{comment}"));
        }
        finally
        {
            Inbox.CloseApproval();
            pending = null;
            Publish();
        }
    }

    /// <summary>Reports the unreachable target and the catalog's last archived WAL, then waits for a new target.</summary>
    private async Task<RetargetRequest> RetargetAsync(RecoveryPlan plan, string failure)
    {
        currentStep = RunbookSteps.Retarget;
        var since = host.UtcNow;
        var deadline = since + input.EffectiveApprovalTimeout;
        var lastWal = plan.LastArchivedWalAt is { } t ? t.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "unknown";
        waitingFor = $"retarget or abort: {failure}. The catalog's last archived WAL of {plan.SourceLineage} is at {lastWal}: signal retarget with a targetTime before it, a backupId, or {{}} for the latest";
        var example = OperatorCommands.Retarget(host.Namespace, host.WorkflowId, new RetargetRequest(plan.LastArchivedWalAt?.AddMinutes(-1)));
        Inbox.OpenRetarget();
        Publish();
        try
        {
            await NotifyAsync(RecoveryEventKinds.RetargetNeeded, RunbookSteps.Retarget, $"{Db}: {waitingFor}", example);
            var retarget = await WaitForDecisionAsync(
                Inbox.TakeRetarget,
                () => Inbox.HasRetarget,
                deadline,
                "retarget",
                () => NotifyAsync(RecoveryEventKinds.ApprovalReminder, RunbookSteps.Retarget, $"{Db} still waits for a retarget or abort until {deadline:O}", example));
            var target = retarget is { TargetTime: null, BackupId: null } ? "latest" : $"targetTime {retarget.TargetTime:O} backupId {retarget.BackupId ?? "-"}";
            finished.Add(new StepRecord(RunbookSteps.Retarget, round, since, host.UtcNow, $"retarget to {target}"));
            round++;
            return retarget;
        }
        finally
        {
            Inbox.CloseRetarget();
            waitingFor = null;
            Publish();
        }
    }

    /// <summary>
    /// Past the point of no return a failure never ends the run: it parks, visible as
    /// <c>waiting-for-operator</c> with the step and the error, reminds, and returns when the operator
    /// signals <c>retry</c> (the caller runs the step again); <c>abort</c> ends the run. Before the
    /// delete the same failure fails the run at once with its error type.
    /// </summary>
    private async Task ParkOrFailAsync(string step, string errorType, string error)
    {
        if (!clusterDeleted)
        {
            throw NonRetryable(errorType, error);
        }

        await ParkAsync(step, error);
    }

    private async Task ParkAsync(string step, string error)
    {
        currentStep = step;
        var since = host.UtcNow;
        parked = $"step '{step}' failed after Cluster {Db}-database was deleted: {error}. Fix the cause, then signal retry to run the step again, or abort";
        var command = OperatorCommands.Retry(host.Namespace, host.WorkflowId);
        Inbox.OpenRetry();
        Publish();
        try
        {
            await NotifyAsync(RecoveryEventKinds.OperatorNeeded, step, $"{Db}: {parked}", command);
            var retry = await WaitForDecisionAsync(
                Inbox.TakeRetry,
                () => Inbox.HasRetry,
                DateTimeOffset.MaxValue,
                "retry",
                () => NotifyAsync(RecoveryEventKinds.ApprovalReminder, step, $"{Db} still waits for retry or abort: {parked}", command));
            var by = retry.By is { Length: > 0 } b ? $" by {b}" : string.Empty;
            finished.Add(new StepRecord(RunbookSteps.Retry, round, since, host.UtcNow, $"retry of {step}{by}{(string.IsNullOrWhiteSpace(retry.Comment) ? string.Empty : ": " + OneLine(retry.Comment))}"));
        }
        finally
        {
            Inbox.CloseRetry();
            parked = null;
            Publish();
        }
    }

    /// <summary>
    /// Waits until <paramref name="take"/> yields, with a reminder every reminder interval. A stop
    /// request or the deadline ends the run through <see cref="RunbookStoppedException"/>.
    /// </summary>
    private async Task<T> WaitForDecisionAsync<T>(Func<T?> take, Func<bool> arrived, DateTimeOffset deadline, string what, Func<Task> remind)
        where T : class
    {
        while (true)
        {
            ThrowIfStopped();
            if (take() is { } decision)
            {
                return decision;
            }

            var left = deadline - host.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new RunbookStoppedException(Ended(RecoveryOutcome.TimedOut, $"no {what} within {input.EffectiveApprovalTimeout}: {WhatWasChanged()}"));
            }

            var interval = input.EffectiveReminderInterval;
            var woke = await host.WaitConditionAsync(() => arrived() || Inbox.Stop is not null, left < interval ? left : interval);
            if (!woke && host.UtcNow < deadline)
            {
                await remind();
            }
        }
    }

    private void ThrowIfStopped()
    {
        if (Inbox.Stop is { } stop)
        {
            var by = stop.Request.By is { Length: > 0 } b ? $" by {b}" : string.Empty;
            throw new RunbookStoppedException(Ended(stop.Outcome, $"{stop.Outcome.ToString().ToLowerInvariant()}{by}: {stop.Request.Reason ?? "no reason given"}; {WhatWasChanged()}"));
        }
    }

    /// <summary>An honest account of the side effects so far, for every early end.</summary>
    private string WhatWasChanged() =>
        clusterDeleted
            ? $"Cluster {Db}-database was deleted; commit {Short(pushedSha)} is pushed: finish the recovery by hand or start a new one"
            : pushedSha is not null
                ? $"nothing was deleted; commit {Short(pushedSha)} stays pushed: revert it if you give up"
                : "nothing was changed";

    /// <summary>Ends the run early without a failure: reject, abort, timeout.</summary>
    private sealed class RunbookStoppedException(RecoveryResult result) : Exception(result.Reason)
    {
        public RecoveryResult Result { get; } = result;
    }
}
