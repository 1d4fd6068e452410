using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Activities;

namespace CnpgDrTemporal.Tests.Recovery;

/// <summary>
/// For a real worker in server-backed tests: the real <see cref="RecoveryActivities"/> on the simulator
/// under their own activity names, with plan, push and validation scripted as in <see cref="SimulatedRecovery"/>.
/// </summary>
public sealed class SimulatorRecoveryActivities(RecoveryActivities real, StepTimings timings, Preflight preflight)
{
    [Activity("RecoveryPlan")]
    public Task<RecoveryPlan> PlanAsync(PlanRequest request) => SimulatedRecovery.PlanAsync(request, timings, preflight);

    [Activity("RecoveryPush")]
    public Task<PushResult> PushAsync(PushRequest request) => Task.FromResult(SimulatedRecovery.Push(request));

    [Activity("RecoveryHardRefresh")]
    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request) => real.HardRefreshAsync(request);

    [Activity("RecoveryDeleteCluster")]
    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request) => real.DeleteClusterAsync(request);

    [Activity("RecoveryWaitPvcsGone")]
    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request) => real.WaitPvcsGoneAsync(request);

    [Activity("RecoveryRemovePvcFinalizers")]
    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request) => real.RemovePvcFinalizersAsync(request);

    [Activity("RecoverySync")]
    public Task<SyncResult> SyncAsync(SyncRequest request) => real.SyncAsync(request);

    [Activity("RecoveryWatchRecovery")]
    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request) => real.WatchRecoveryAsync(request);

    [Activity("RecoveryValidate")]
    public Task<ValidationReport> ValidateAsync(ValidateRequest request) => Task.FromResult(SimulatedRecovery.Validation(request));

    [Activity("RecoveryProveLineage")]
    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request) => real.ProveLineageAsync(request);

    [Activity("RecoveryRestartConsumers")]
    public Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request) => real.RestartConsumersAsync(request);

    [Activity("RecoveryFlipBack")]
    public Task<PushResult> FlipBackAsync(FlipBackRequest request) => real.FlipBackAsync(request);
}
