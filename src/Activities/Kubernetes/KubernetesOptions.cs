namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>
/// <c>Dr:Kubernetes</c>: how the worker reaches the cluster and how long each wait may take.
/// With no kubeconfig found (the usual pod) the in-cluster service account is used.
/// </summary>
public sealed class KubernetesOptions
{
    public const string Section = "Dr:Kubernetes";

    /// <summary>Kubeconfig file; empty = the first file of <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>, else in-cluster.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Kubeconfig context (<c>--context</c>); empty = the file's current context.</summary>
    public string? Context { get; set; }

    /// <summary>Namespace of the ArgoCD Applications and ApplicationSets.</summary>
    public string ArgoNamespace { get; set; } = "argocd";

    /// <summary><c>operation.initiatedBy.username</c> of the syncs this worker starts.</summary>
    public string SyncUsername { get; set; } = "cnpg-dr";

    /// <summary>Timeout of one API call (watches and log streams excepted).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one API call on 409/429/5xx/connection errors.</summary>
    public int RetryAttempts { get; set; } = 5;

    /// <summary>First backoff delay; doubled on each retry, capped at 30 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a long wait or step heartbeats when nothing changes: the Kubernetes waits, and the
    /// drills' catalog reads, base backup downloads, WAL replay, validations and cleanups (also of a local
    /// restore, which never talks to Kubernetes). Keep it well below the activities' heartbeat timeouts
    /// (2 minutes for drills).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RefreshTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longhorn usually needs 30-90 s; past this a PVC is reported stuck with its finalizers.</summary>
    public TimeSpan PvcStuckThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The PVC wait fails (non-retryable, stuck PVCs named) after this.</summary>
    public TimeSpan PvcDeleteTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the first full-recovery pod may take to appear after the sync.</summary>
    public TimeSpan RecoveryPodTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The whole recovery (restore + WAL replay + primary start).</summary>
    public TimeSpan RecoveryTimeout { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan ContinuousArchivingTimeout { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan BackupTimeout { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan RolloutTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one recovery-watch activity runs before it reports its progress to the status query.</summary>
    public TimeSpan WatchSlice { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one step may keep retrying transient errors (API server, Argo or git outage) before it
    /// fails; after the Cluster was deleted a failed step parks for the operator instead of ending the run.
    /// </summary>
    public TimeSpan StepRetryBudget { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The Barman Cloud plugin name in <c>spec.plugins</c>: its presence selects <c>method: plugin</c> backups.</summary>
    public string BarmanPluginName { get; set; } = "barman-cloud.cloudnative-pg.io";
}
