using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Cluster;

/// <summary>
/// The cluster side of the runbook (ArgoCD, CNPG, PVCs, consumers). Activity names carry a <c>Cluster</c>
/// prefix so they never clash with another concern's. Long ones heartbeat (set a heartbeat timeout
/// above <c>Dr:Kubernetes:HeartbeatInterval</c>) and resume from their last heartbeat when retried.
/// </summary>
public sealed class ClusterActivities(
    Preflight preflight,
    ArgoRefresh refresh,
    ClusterDelete delete,
    PvcWait pvcWait,
    PvcFinalizers finalizers,
    ArgoSync sync,
    RecoveryWatch recovery,
    LineageProof lineage,
    ConsumerRestart consumers)
{
    /// <summary>Read-only: guards with evidence, live Cluster, PVCs, consumers, and the resolved <see cref="ClusterTarget"/>.</summary>
    [Activity("ClusterPreflight")]
    public Task<PreflightReport> PreflightAsync(PreflightRequest request) => preflight.RunAsync(request.Database, ActivityToken.Current);

    /// <summary>Fails with <c>ClusterNotOutOfSync</c> (retryable) when Argo does not see the pushed state.</summary>
    [Activity("ClusterHardRefresh")]
    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request) => refresh.RunAsync(request, ActivityToken.Current);

    /// <summary>Destructive, idempotent: 404 counts as deleted.</summary>
    [Activity("ClusterDelete")]
    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request) => delete.RunAsync(request.Cluster, ActivityToken.Current);

    /// <summary>Fails with <c>PvcsStuckTerminating</c> (non-retryable, details: <see cref="StuckPvc"/> list) at the deadline.</summary>
    [Activity("ClusterWaitPvcsGone")]
    public Task<PvcWaitResult> WaitPvcsGoneAsync(PvcWaitRequest request) => pvcWait.RunAsync(request.Cluster, ActivityToken.Current);

    /// <summary>Only after its own approval: removes the finalizers of the named, already-Terminating PVCs of the Cluster.</summary>
    [Activity("ClusterRemovePvcFinalizers")]
    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request) => finalizers.RemoveAsync(request, ActivityToken.Current);

    /// <summary>Fails with <c>SyncFailed</c> / <c>SyncRevisionMismatch</c> (non-retryable) or <c>SyncBlocked</c>.</summary>
    [Activity("ClusterSync")]
    public Task<SyncResult> SyncAsync(SyncRequest request) => sync.RunAsync(request, ActivityToken.Current);

    /// <summary>Heartbeats <see cref="RecoveryProgress"/>; fails with <c>RecoveryTargetUnreachable</c>, <c>ExpectedEmptyArchive</c>,
    /// <c>RecoveryFailed</c>, <c>NotARecoveryBootstrap</c> (all non-retryable).</summary>
    [Activity("ClusterWatchRecovery")]
    public Task<RecoveryResult> WatchRecoveryAsync(RecoveryWatchRequest request) => recovery.RunAsync(request.Cluster, ActivityToken.Current);

    /// <summary>Waits for ContinuousArchiving, takes the first Backup of the new lineage; <c>BackupFailed</c> is non-retryable.</summary>
    [Activity("ClusterProveLineage")]
    public Task<LineageProofResult> ProveLineageAsync(LineageProofRequest request) => lineage.RunAsync(request, ActivityToken.Current);

    [Activity("ClusterRestartConsumers")]
    public Task<ConsumerRestartResult> RestartConsumersAsync(ConsumerRestartRequest request) => consumers.RunAsync(request, ActivityToken.Current);
}
