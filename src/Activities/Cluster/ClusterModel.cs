namespace CnpgDrTemporal.Activities.Cluster;

/// <summary>An ArgoCD Application by namespace and name.</summary>
public sealed record AppRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>A CNPG Cluster by namespace and name.</summary>
public sealed record ClusterRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>Everything the cluster activities need to know about one database, resolved by the preflight.</summary>
public sealed record ClusterTarget(
    string Database,
    AppRef Application,
    ClusterRef? Cluster,
    IReadOnlyList<string> ConsumerNamespaces,
    string? ConsumerSelector);

public sealed record PreflightRequest(string Database);

public sealed record HardRefreshRequest(AppRef Application, string ClusterName);

/// <summary>The refresh is proven: Argo re-read git and now sees the live Cluster differ from it.</summary>
public sealed record HardRefreshResult(string? PreviousReconciledAt, string ReconciledAt, string ClusterSyncStatus);

public sealed record DeleteClusterRequest(ClusterRef Cluster);

public sealed record DeleteClusterResult(bool ClusterWasPresent, IReadOnlyList<string> PvcsDeleted);

public sealed record PvcWaitRequest(ClusterRef Cluster);

/// <summary>A PVC that did not go away, with what holds it.</summary>
public sealed record StuckPvc(string Name, bool Terminating, string? DeletionTimestamp, IReadOnlyList<string> Finalizers)
{
    public override string ToString() =>
        Terminating ? $"{Name} (Terminating since {DeletionTimestamp}, finalizers: {string.Join(", ", Finalizers)})" : $"{Name} (not being deleted)";
}

/// <summary>Heartbeat details of the PVC wait.</summary>
public sealed record PvcWaitProgress(int Remaining, IReadOnlyList<string> Names, IReadOnlyList<StuckPvc> Stuck);

public sealed record PvcWaitResult(int WaitedSeconds);

public sealed record RemovePvcFinalizersRequest(ClusterRef Cluster, IReadOnlyList<string> PvcNames);

public sealed record RemovePvcFinalizersResult(IReadOnlyList<string> Released, IReadOnlyList<string> AlreadyGone);

public sealed record SyncRequest(AppRef Application, string Revision);

public sealed record SyncResult(string Phase, string Revision, string? StartedAt, string? Message);

public sealed record RecoveryWatchRequest(ClusterRef Cluster);

/// <summary>How far the log of one recovery pod was read (lines), and whether the pod ended.</summary>
public sealed record PodLogPosition(string Pod, int Lines, bool Finished, string? Phase);

/// <summary>Heartbeat details of the recovery watch; a retried attempt resumes from them.</summary>
public sealed record RecoveryProgress(
    int RestoredFiles,
    string? LastRestoredFile,
    string? ConsistentRecovery,
    string? LastLine,
    IReadOnlyList<PodLogPosition> Pods)
{
    public static RecoveryProgress Empty { get; } = new(0, null, null, null, []);
}

public sealed record RecoveryResult(
    int RestoredFiles,
    string? LastRestoredFile,
    string? ConsistentRecovery,
    IReadOnlyList<PodLogPosition> Pods,
    string Phase);

public sealed record LineageProofRequest(ClusterRef Cluster, string? BackupName = null);

public sealed record LineageProofResult(string BackupName, string Method, string? BackupId, string? WriteLineage);

/// <summary>Restart the Deployments of <paramref name="Namespaces"/> (all, or those matching the selector).
/// <paramref name="RestartedAt"/> is the annotation value: the same value on a retry restarts nothing twice.</summary>
public sealed record ConsumerRestartRequest(IReadOnlyList<string> Namespaces, string? LabelSelector, string RestartedAt);

public sealed record ConsumerRollout(string Namespace, string Name, long Generation, int Replicas);

public sealed record ConsumerRestartResult(IReadOnlyList<ConsumerRollout> Rollouts);
