using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Common;
using Temporalio.Workflows;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>
/// Timeouts and retries per step. Transient errors retry with backoff; guard refusals and the two
/// recovery failures do not. Long waits heartbeat, so a lost worker is noticed within minutes.
/// </summary>
internal static class RecoveryActivityOptions
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMinutes(2);

    public static ActivityOptions Plan => Quick(TimeSpan.FromMinutes(10));

    public static ActivityOptions Push => Quick(TimeSpan.FromMinutes(5));

    public static ActivityOptions HardRefresh => Long(TimeSpan.FromMinutes(15));

    public static ActivityOptions Delete => Quick(TimeSpan.FromMinutes(5));

    public static ActivityOptions WaitPvcsGone => Long(RecoveryRunbook.PvcStuckAfter + TimeSpan.FromMinutes(5));

    public static ActivityOptions RemoveFinalizers => Quick(TimeSpan.FromMinutes(2));

    public static ActivityOptions Sync => Long(TimeSpan.FromMinutes(30));

    public static ActivityOptions WatchRecovery => Long(RecoveryRunbook.WatchSlice + TimeSpan.FromMinutes(3));

    public static ActivityOptions Validate => Quick(TimeSpan.FromMinutes(15));

    public static ActivityOptions ProveLineage => Long(TimeSpan.FromHours(3));

    public static ActivityOptions RestartConsumers => Long(TimeSpan.FromMinutes(30));

    public static ActivityOptions FlipBack => Quick(TimeSpan.FromMinutes(5));

    /// <summary>A notification is tried briefly; the activity itself never fails on a webhook error.</summary>
    public static ActivityOptions Notify => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { MaximumAttempts = 3, InitialInterval = TimeSpan.FromSeconds(2) },
    };

    private static ActivityOptions Quick(TimeSpan startToClose) => new()
    {
        StartToCloseTimeout = startToClose,
        RetryPolicy = new RetryPolicy
        {
            InitialInterval = TimeSpan.FromSeconds(5),
            BackoffCoefficient = 2,
            MaximumInterval = TimeSpan.FromMinutes(2),
            MaximumAttempts = 8,
            NonRetryableErrorTypes = RecoveryErrorTypes.NonRetryable,
        },
    };

    private static ActivityOptions Long(TimeSpan startToClose)
    {
        var options = Quick(startToClose);
        options.HeartbeatTimeout = Heartbeat;
        return options;
    }
}
