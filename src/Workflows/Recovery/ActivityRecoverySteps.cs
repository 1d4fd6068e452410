using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Workflows;
using Options = CnpgDrTemporal.Workflows.Recovery.RecoveryActivityOptions;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>The runbook's steps as durable activities of <see cref="RecoveryActivities"/> (workflow code only).
/// Activities are cancelled with the workflow: they run on the workflow's own cancellation token.</summary>
internal sealed class ActivityRecoverySteps : IRecoverySteps
{
    public Task<RecoveryPlan> PlanAsync(PlanRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.PlanAsync(request), Options.Plan);

    public Task<PushResult> PushAsync(RecoveryPlan plan) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.PushAsync(plan), Options.Push);

    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.HardRefreshAsync(request), Options.HardRefresh);

    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.DeleteClusterAsync(request), Options.Delete);

    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.WaitPvcsGoneAsync(request), Options.WaitPvcsGone);

    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.RemovePvcFinalizersAsync(request), Options.RemoveFinalizers);

    public Task<SyncResult> SyncAsync(SyncRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.SyncAsync(request), Options.Sync);

    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.WatchRecoveryAsync(request), Options.WatchRecovery);

    public Task<ValidationReport> ValidateAsync(ValidateRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.ValidateAsync(request), Options.Validate);

    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.ProveLineageAsync(request), Options.ProveLineage);

    public Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.RestartConsumersAsync(request), Options.RestartConsumers);

    public Task<PushResult> FlipBackAsync(FlipBackRequest request) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.FlipBackAsync(request), Options.FlipBack);
}
