using CnpgDrTemporal.Activities.Notify;
using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// The activities of <c>RecoveryWorkflow</c>: one per runbook step, each delegating to
/// <see cref="IRecoverySteps"/>. Notifications go to the webhook and never fail the caller.
/// </summary>
public sealed class RecoveryActivities(IRecoverySteps steps, WebhookNotifier notifier)
{
    [Activity]
    public Task<RecoveryPlan> PlanAsync(PlanRequest request) => steps.PlanAsync(request, Ct());

    [Activity]
    public Task<PushResult> PushAsync(PushRequest request) => steps.PushAsync(request, Ct());

    [Activity]
    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request) => steps.HardRefreshAsync(request, Ct());

    [Activity]
    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request) => steps.DeleteClusterAsync(request, Ct());

    [Activity]
    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request) => steps.WaitPvcsGoneAsync(request, Ct());

    [Activity]
    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request) => steps.RemovePvcFinalizersAsync(request, Ct());

    [Activity]
    public Task<SyncResult> SyncAsync(SyncRequest request) => steps.SyncAsync(request, Ct());

    [Activity]
    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request) => steps.WatchRecoveryAsync(request, Ct());

    [Activity]
    public Task<ValidationReport> ValidateAsync(ValidateRequest request) => steps.ValidateAsync(request, Ct());

    [Activity]
    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request) => steps.ProveLineageAsync(request, Ct());

    [Activity]
    public Task<RestartConsumersResult> RestartConsumersAsync(RestartConsumersRequest request) => steps.RestartConsumersAsync(request, Ct());

    [Activity]
    public Task<PushResult> FlipBackAsync(FlipBackRequest request) => steps.FlipBackAsync(request, Ct());

    /// <summary>Posts the event to the webhook; false when not configured or the POST failed. Never throws.</summary>
    [Activity]
    public Task<bool> NotifyAsync(RecoveryEvent recoveryEvent) => notifier.PostAsync(recoveryEvent, Ct());

    private static CancellationToken Ct() =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;
}
