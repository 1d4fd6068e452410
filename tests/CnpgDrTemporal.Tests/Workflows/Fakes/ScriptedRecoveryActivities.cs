using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Activities;

namespace CnpgDrTemporal.Tests.Workflows.Fakes;

/// <summary>Scripted steps under the activity names of <see cref="RecoveryActivities"/>, for a real worker in server-backed tests.</summary>
public sealed class ScriptedRecoveryActivities(IRecoverySteps steps)
{
    private static StepContext Step => new(StepTimings.Default, ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default);

    [Activity("RecoveryPlan")]
    public Task<RecoveryPlan> PlanAsync(PlanRequest request) => steps.PlanAsync(request, Step);

    [Activity("RecoveryPush")]
    public Task<PushResult> PushAsync(PushRequest request) => steps.PushAsync(request, Step);

    [Activity("RecoveryHardRefresh")]
    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request) => steps.HardRefreshAsync(request, Step);

    [Activity("RecoveryDeleteCluster")]
    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request) => steps.DeleteClusterAsync(request, Step);

    [Activity("RecoveryWaitPvcsGone")]
    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request) => steps.WaitPvcsGoneAsync(request, Step);

    [Activity("RecoveryRemovePvcFinalizers")]
    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request) => steps.RemovePvcFinalizersAsync(request, Step);

    [Activity("RecoverySync")]
    public Task<SyncResult> SyncAsync(SyncRequest request) => steps.SyncAsync(request, Step);

    [Activity("RecoveryWatchRecovery")]
    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request) => steps.WatchRecoveryAsync(request, Step);

    [Activity("RecoveryValidate")]
    public Task<ValidationReport> ValidateAsync(ValidateRequest request) => steps.ValidateAsync(request, Step);

    [Activity("RecoveryProveLineage")]
    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request) => steps.ProveLineageAsync(request, Step);

    [Activity("RecoveryRestartConsumers")]
    public Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request) => steps.RestartConsumersAsync(request, Step);

    [Activity("RecoveryFlipBack")]
    public Task<PushResult> FlipBackAsync(FlipBackRequest request) => steps.FlipBackAsync(request, Step);
}
