using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Notify;

/// <summary>The runbook's notifications as an activity: the webhook POST never fails the caller.</summary>
public sealed class NotifyActivities(WebhookNotifier notifier)
{
    /// <summary>Posts the event to the webhook; false when not configured or the POST failed. Never throws.</summary>
    [Activity("RecoveryNotify")]
    public Task<bool> NotifyAsync(RecoveryEvent recoveryEvent) =>
        notifier.PostAsync(recoveryEvent, ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default);
}
