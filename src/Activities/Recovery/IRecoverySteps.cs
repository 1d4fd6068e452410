using CnpgDrTemporal.Activities.Data;
namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// The runbook steps of one in-place recovery, one method per step of the design's section 1.
/// <see cref="RecoveryActivities"/> exposes them as activities; the implementation composes the
/// catalog, GitOps, cluster and SQL concerns. Every destructive step is idempotent: a retry after
/// a crash must find the work done and succeed.
/// </summary>
public interface IRecoverySteps
{
    /// <summary>Read-only: catalog, repo, preflight guards and the live baseline.</summary>
    Task<RecoveryPlan> PlanAsync(PlanRequest request, CancellationToken ct);

    Task<PushResult> PushAsync(PushRequest request, CancellationToken ct);

    Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, CancellationToken ct);

    /// <summary>Destructive: deletes the Cluster and its PVCs.</summary>
    Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, CancellationToken ct);

    /// <summary>Returns PVCs still present after <see cref="WaitPvcsGoneRequest.StuckAfter"/> with their finalizers instead of failing.</summary>
    Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, CancellationToken ct);

    /// <summary>Destructive: removes the finalizers of exactly the named PVCs.</summary>
    Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, CancellationToken ct);

    Task<SyncResult> SyncAsync(SyncRequest request, CancellationToken ct);

    /// <summary>Fails with <see cref="RecoveryErrorTypes.RecoveryTargetUnreachable"/> or <see cref="RecoveryErrorTypes.ExpectedEmptyArchive"/> (non-retryable).</summary>
    Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, CancellationToken ct);

    Task<ValidationReport> ValidateAsync(ValidateRecoveryRequest request, CancellationToken ct);

    Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, CancellationToken ct);

    Task<RestartConsumersResult> RestartConsumersAsync(RestartConsumersRequest request, CancellationToken ct);

    Task<PushResult> FlipBackAsync(FlipBackRequest request, CancellationToken ct);
}
