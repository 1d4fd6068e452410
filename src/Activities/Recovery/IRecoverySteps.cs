using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// The runbook steps of one in-place recovery, one method per step of the design's section 1, each
/// with one request and one result type. <see cref="RecoveryActivities"/> implements them as
/// activities; the workflow calls them through Temporal; runbook tests implement them with fakes.
/// Every destructive step is idempotent: a retry after a crash must find the work done and succeed.
/// </summary>
public interface IRecoverySteps
{
    /// <summary>Read-only: catalog, repo, preflight guards and the live baseline.</summary>
    Task<RecoveryPlan> PlanAsync(PlanRequest request);

    /// <summary>Commits and pushes exactly the plan's git change.</summary>
    Task<PushResult> PushAsync(RecoveryPlan plan);

    Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request);

    /// <summary>Destructive: deletes the Cluster and its PVCs.</summary>
    Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request);

    /// <summary>Returns PVCs still present at the deadline with their finalizers instead of failing.</summary>
    Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request);

    /// <summary>Destructive: removes the finalizers of exactly the named PVCs.</summary>
    Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request);

    Task<SyncResult> SyncAsync(SyncRequest request);

    /// <summary>Fails with <see cref="RecoveryErrorTypes.RecoveryTargetUnreachable"/> or <see cref="RecoveryErrorTypes.ExpectedEmptyArchive"/> (non-retryable).</summary>
    Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request);

    Task<ValidationReport> ValidateAsync(ValidateRequest request);

    Task<LineageProof> ProveLineageAsync(ProveLineageRequest request);

    Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request);

    Task<PushResult> FlipBackAsync(FlipBackRequest request);
}
