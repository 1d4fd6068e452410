using CnpgDrTemporal.Activities.Kubernetes;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// The one place the runbook's timings come from: the worker's <c>Dr:Kubernetes</c> settings, read by
/// the plan step and carried in the plan, so the workflow derives each activity's start-to-close,
/// heartbeat and retry budget from the very settings the waits inside the activity use. No inner wait
/// can outlive its activity.
/// </summary>
public sealed record StepTimings(
    TimeSpan HeartbeatInterval,
    TimeSpan Call,
    TimeSpan RetryInitial,
    TimeSpan RetryBudget,
    TimeSpan Refresh,
    TimeSpan Sync,
    TimeSpan PvcStuckAfter,
    TimeSpan WatchSlice,
    TimeSpan ProveLineage,
    TimeSpan Rollout)
{
    /// <summary>The timings of a worker with default settings (used for the plan step itself).</summary>
    public static StepTimings Default { get; } = From(new KubernetesOptions());

    /// <summary>A heartbeat missing this long means the worker is gone: a few intervals, never under 30 s.</summary>
    public TimeSpan HeartbeatTimeout => Max(HeartbeatInterval * 6, TimeSpan.FromSeconds(30));

    public static StepTimings From(KubernetesOptions o) => new(
        o.HeartbeatInterval,
        CallWithRetries(o),
        Max(o.RetryBaseDelay, TimeSpan.FromMilliseconds(100)),
        o.StepRetryBudget,
        o.RefreshTimeout,
        o.SyncTimeout,
        Min(o.PvcStuckThreshold, o.PvcDeleteTimeout),
        o.WatchSlice,
        o.ContinuousArchivingTimeout + o.BackupTimeout,
        o.RolloutTimeout);

    /// <summary>One API call with all its retries: each attempt's timeout plus the backoff (doubling from RetryBaseDelay, capped at 30 s).</summary>
    private static TimeSpan CallWithRetries(KubernetesOptions o)
    {
        var total = o.RequestTimeout * Math.Max(1, o.RetryAttempts);
        for (var i = 0; i < o.RetryAttempts; i++)
        {
            total += Min(o.RetryBaseDelay * Math.Pow(2, Math.Min(i, 20)), TimeSpan.FromSeconds(30));
        }

        return total;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
