using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>How the runbook runs one step: the timings its activity options derive from, and the token
/// that cancels it (the workflow's cancellation, or a stop requested during a read-only wait).</summary>
public readonly record struct StepContext(StepTimings Timings, CancellationToken Cancellation);

/// <summary>
/// The runbook steps of one in-place recovery, one method per step of the design's section 1, each
/// with one request and one result type. The workflow runs them as the activities of
/// <see cref="RecoveryActivities"/> (same names), runbook tests with fakes or with the real
/// activities in an activity environment. Every destructive step is idempotent: a retry after a
/// crash must find the work done and succeed.
/// </summary>
public interface IRecoverySteps
{
    /// <summary>Read-only: catalog, repo, preflight guards and the live baseline.</summary>
    Task<RecoveryPlan> PlanAsync(PlanRequest request, StepContext step);

    /// <summary>Commits and pushes exactly the plan's git change.</summary>
    Task<PushResult> PushAsync(PushRequest request, StepContext step);

    Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, StepContext step);

    /// <summary>Destructive: deletes the Cluster and its PVCs.</summary>
    Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, StepContext step);

    /// <summary>Returns PVCs still present at the deadline with their finalizers instead of failing.</summary>
    Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, StepContext step);

    /// <summary>Destructive: removes the finalizers of exactly the named PVCs.</summary>
    Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, StepContext step);

    Task<SyncResult> SyncAsync(SyncRequest request, StepContext step);

    /// <summary>Fails with <see cref="RecoveryErrorTypes.RecoveryTargetUnreachable"/> or <see cref="RecoveryErrorTypes.ExpectedEmptyArchive"/> (non-retryable).</summary>
    Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, StepContext step);

    Task<ValidationReport> ValidateAsync(ValidateRequest request, StepContext step);

    Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, StepContext step);

    Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request, StepContext step);

    Task<PushResult> FlipBackAsync(FlipBackRequest request, StepContext step);
}
