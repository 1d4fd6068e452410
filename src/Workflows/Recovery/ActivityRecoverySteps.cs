using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Workflows;
using Options = CnpgDrTemporal.Workflows.Recovery.RecoveryActivityOptions;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>The runbook's steps as durable activities of <see cref="RecoveryActivities"/> (workflow code only).</summary>
internal sealed class ActivityRecoverySteps : IRecoverySteps
{
    // The token is the workflow's own: activities are cancelled with the workflow.
    public Task<RecoveryPlan> PlanAsync(PlanRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.PlanAsync(request), Options.Plan);

    public Task<PushResult> PushAsync(PushRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.PushAsync(request), Options.Push);

    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.HardRefreshAsync(request), Options.HardRefresh);

    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.DeleteClusterAsync(request), Options.Delete);

    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.WaitPvcsGoneAsync(request), Options.WaitPvcsGone);

    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.RemovePvcFinalizersAsync(request), Options.RemoveFinalizers);

    public Task<SyncResult> SyncAsync(SyncRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.SyncAsync(request), Options.Sync);

    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.WatchRecoveryAsync(request), Options.WatchRecovery);

    public Task<ValidationReport> ValidateAsync(ValidateRecoveryRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.ValidateAsync(request), Options.Validate);

    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.ProveLineageAsync(request), Options.ProveLineage);

    public Task<RestartConsumersResult> RestartConsumersAsync(RestartConsumersRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.RestartConsumersAsync(request), Options.RestartConsumers);

    public Task<PushResult> FlipBackAsync(FlipBackRequest request, CancellationToken ct) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.FlipBackAsync(request), Options.FlipBack);
}
