using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Common;
using Temporalio.Workflows;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>
/// Timeouts and retries per step, all derived from the plan's <see cref="StepTimings"/> (the worker's
/// <c>Dr:Kubernetes</c> settings): start-to-close = the wait inside the activity plus one API call with
/// its retries, so no inner wait outlives its activity. Transient errors retry with backoff until the
/// step's retry budget is spent (not a fixed count); domain refusals never retry. Long waits heartbeat.
/// </summary>
public static class RecoveryActivityOptions
{
    public static ActivityOptions Plan(StepContext s) => Quick(s, TimeSpan.FromMinutes(10));

    public static ActivityOptions Push(StepContext s) => Quick(s, TimeSpan.FromMinutes(5));

    public static ActivityOptions HardRefresh(StepContext s) => Long(s, s.Timings.Refresh);

    public static ActivityOptions Delete(StepContext s) => Quick(s, TimeSpan.Zero);

    public static ActivityOptions WaitPvcsGone(StepContext s) => Long(s, s.Timings.PvcStuckAfter);

    public static ActivityOptions RemoveFinalizers(StepContext s) => Quick(s, TimeSpan.Zero);

    public static ActivityOptions Sync(StepContext s) => Long(s, s.Timings.Sync);

    public static ActivityOptions WatchRecovery(StepContext s) => Long(s, s.Timings.WatchSlice);

    public static ActivityOptions Validate(StepContext s) => Quick(s, TimeSpan.FromMinutes(15));

    public static ActivityOptions ProveLineage(StepContext s) => Long(s, s.Timings.ProveLineage);

    public static ActivityOptions RestartConsumers(StepContext s) => Long(s, s.Timings.Rollout);

    public static ActivityOptions FlipBack(StepContext s) => Quick(s, TimeSpan.FromMinutes(5));

    /// <summary>A notification is tried briefly; the activity itself never fails on a webhook error.</summary>
    public static ActivityOptions Notify => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { MaximumAttempts = 3, InitialInterval = TimeSpan.FromSeconds(2) },
    };

    /// <summary>The options of <paramref name="step"/> (a <see cref="RunbookSteps"/> name).</summary>
    public static ActivityOptions For(string step, StepContext s) => step switch
    {
        RunbookSteps.Plan => Plan(s),
        RunbookSteps.Push => Push(s),
        RunbookSteps.HardRefresh => HardRefresh(s),
        RunbookSteps.Delete => Delete(s),
        RunbookSteps.WaitPvcsGone => WaitPvcsGone(s),
        RunbookSteps.RemoveFinalizers => RemoveFinalizers(s),
        RunbookSteps.Sync => Sync(s),
        RunbookSteps.WatchRecovery => WatchRecovery(s),
        RunbookSteps.Validate => Validate(s),
        RunbookSteps.ProveLineage => ProveLineage(s),
        RunbookSteps.RestartConsumers => RestartConsumers(s),
        RunbookSteps.FlipBack => FlipBack(s),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a runbook step"),
    };

    private static ActivityOptions Quick(StepContext s, TimeSpan work)
    {
        var startToClose = work + s.Timings.Call;
        return new ActivityOptions
        {
            StartToCloseTimeout = startToClose,
            // Retry transient errors for the step's budget, but always for at least two full attempts.
            ScheduleToCloseTimeout = Max(s.Timings.RetryBudget, (startToClose * 2) + s.Timings.RetryInitial),
            CancellationToken = s.Cancellation,
            RetryPolicy = new RetryPolicy
            {
                InitialInterval = s.Timings.RetryInitial,
                BackoffCoefficient = 2,
                MaximumInterval = Max(s.Timings.RetryInitial, TimeSpan.FromMinutes(1)),
                MaximumAttempts = 0,
                NonRetryableErrorTypes = RecoveryErrorTypes.NonRetryable,
            },
        };
    }

    private static ActivityOptions Long(StepContext s, TimeSpan wait)
    {
        var options = Quick(s, wait);
        options.HeartbeatTimeout = s.Timings.HeartbeatTimeout;
        return options;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
