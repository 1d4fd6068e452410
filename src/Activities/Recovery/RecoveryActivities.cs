using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Notify;
using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// The activities of <c>RecoveryWorkflow</c>: one per runbook step, each delegating to
/// <see cref="IRecoverySteps"/>. Notifications go to the webhook and never fail the caller.
/// </summary>
public sealed class RecoveryActivities(IRecoverySteps steps, WebhookNotifier notifier)
{
    [Activity("RecoveryPlan")]
    public Task<RecoveryPlan> PlanAsync(PlanRequest request) => steps.PlanAsync(request, Ct());

    [Activity("RecoveryPush")]
    public Task<PushResult> PushAsync(PushRequest request) => steps.PushAsync(request, Ct());

    [Activity("RecoveryHardRefresh")]
    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request) => steps.HardRefreshAsync(request, Ct());

    [Activity("RecoveryDeleteCluster")]
    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request) => steps.DeleteClusterAsync(request, Ct());

    [Activity("RecoveryWaitPvcsGone")]
    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request) => steps.WaitPvcsGoneAsync(request, Ct());

    [Activity("RecoveryRemovePvcFinalizers")]
    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request) => steps.RemovePvcFinalizersAsync(request, Ct());

    [Activity("RecoverySync")]
    public Task<SyncResult> SyncAsync(SyncRequest request) => steps.SyncAsync(request, Ct());

    [Activity("RecoveryWatchRecovery")]
    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request) => steps.WatchRecoveryAsync(request, Ct());

    [Activity("RecoveryValidate")]
    public Task<ValidationReport> ValidateAsync(ValidateRecoveryRequest request) => steps.ValidateAsync(request, Ct());

    [Activity("RecoveryProveLineage")]
    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request) => steps.ProveLineageAsync(request, Ct());

    [Activity("RecoveryRestartConsumers")]
    public Task<RestartConsumersResult> RestartConsumersAsync(RestartConsumersRequest request) => steps.RestartConsumersAsync(request, Ct());

    [Activity("RecoveryFlipBack")]
    public Task<PushResult> FlipBackAsync(FlipBackRequest request) => steps.FlipBackAsync(request, Ct());

    /// <summary>Posts the event to the webhook; false when not configured or the POST failed. Never throws.</summary>
    [Activity("RecoveryNotify")]
    public Task<bool> NotifyAsync(RecoveryEvent recoveryEvent) => notifier.PostAsync(recoveryEvent, Ct());

    private static CancellationToken Ct() =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;
}
