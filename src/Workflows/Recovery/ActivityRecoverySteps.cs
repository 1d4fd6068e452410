using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Workflows;
using Options = CnpgDrTemporal.Workflows.Recovery.RecoveryActivityOptions;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>The runbook's steps as durable activities of <see cref="RecoveryActivities"/> (workflow code only),
/// with the options of <see cref="RecoveryActivityOptions"/>; the step's token cancels the activity.</summary>
internal sealed class ActivityRecoverySteps : IRecoverySteps
{
    public Task<RecoveryPlan> PlanAsync(PlanRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.PlanAsync(request), Options.Plan(step));

    public Task<PushResult> PushAsync(PushRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.PushAsync(request), Options.Push(step));

    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.HardRefreshAsync(request), Options.HardRefresh(step));

    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.DeleteClusterAsync(request), Options.Delete(step));

    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.WaitPvcsGoneAsync(request), Options.WaitPvcsGone(step));

    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.RemovePvcFinalizersAsync(request), Options.RemoveFinalizers(step));

    public Task<SyncResult> SyncAsync(SyncRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.SyncAsync(request), Options.Sync(step));

    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.WatchRecoveryAsync(request), Options.WatchRecovery(step));

    public Task<ValidationReport> ValidateAsync(ValidateRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.ValidateAsync(request), Options.Validate(step));

    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.ProveLineageAsync(request), Options.ProveLineage(step));

    public Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.RestartConsumersAsync(request), Options.RestartConsumers(step));

    public Task<PushResult> FlipBackAsync(FlipBackRequest request, StepContext step) =>
        Workflow.ExecuteActivityAsync((RecoveryActivities a) => a.FlipBackAsync(request), Options.FlipBack(step));
}
