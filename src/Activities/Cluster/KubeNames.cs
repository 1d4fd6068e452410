namespace CnpgDrTemporal.Activities.Cluster;

/// <summary>A custom resource as the API server addresses it.</summary>
public sealed record Crd(string Group, string Version, string Plural, string Kind)
{
    public static readonly Crd Application = new("argoproj.io", "v1alpha1", "applications", "Application");
    public static readonly Crd ApplicationSet = new("argoproj.io", "v1alpha1", "applicationsets", "ApplicationSet");
    public static readonly Crd Cluster = new("postgresql.cnpg.io", "v1", "clusters", "Cluster");
    public static readonly Crd Backup = new("postgresql.cnpg.io", "v1", "backups", "Backup");

    public string ApiVersion => $"{Group}/{Version}";

    /// <summary><c>clusters.postgresql.cnpg.io ns/name</c>: how errors name an object.</summary>
    public string Describe(string ns, string? name = null) =>
        name is null ? $"{Plural}.{Group} in {ns}" : $"{Plural}.{Group} {ns}/{name}";
}

/// <summary>CNPG labels, conditions and phases this worker relies on.</summary>
public static class Cnpg
{
    public const string ClusterLabel = "cnpg.io/cluster";
    public const string JobRoleLabel = "cnpg.io/jobRole";
    public const string FullRecoveryRole = "full-recovery";

    public const string ReadyCondition = "Ready";
    public const string ContinuousArchivingCondition = "ContinuousArchiving";

    public const string HealthyPhase = "Cluster in healthy state";
    public const string UnrecoverablePhase = "Cluster is unrecoverable and needs manual intervention";

    public const string BackupCompleted = "completed";
    public const string BackupFailed = "failed";
    public const string PluginMethod = "plugin";
    public const string BarmanObjectStoreMethod = "barmanObjectStore";

    /// <summary>Labels this worker puts on the Backups it creates.</summary>
    public const string ProofBackupLabel = "cnpg-dr/lineage-proof";

    public static string RecoveryPodSelector(string cluster) => $"{ClusterLabel}={cluster},{JobRoleLabel}={FullRecoveryRole}";

    public static string ClusterSelector(string cluster) => $"{ClusterLabel}={cluster}";
}

/// <summary>PostgreSQL / CNPG log lines the recovery watch reacts to.</summary>
public static class RecoveryMarkers
{
    public const string Restored = "restored log file";
    public const string Consistent = "consistent recovery state reached";
    public const string RedoDone = "redo done at";
    public const string TargetUnreachable = "recovery ended before configured recovery target was reached";
    public const string ExpectedEmptyArchive = "Expected empty archive";
}

/// <summary>ArgoCD annotations, fields and status strings.</summary>
public static class Argo
{
    public const string RefreshAnnotation = "argocd.argoproj.io/refresh";
    public const string HardRefresh = "hard";
    public const string SkipReconcileAnnotation = "argocd.argoproj.io/skip-reconcile";
    public const string RespectIgnoreDifferences = "RespectIgnoreDifferences=true";

    public const string OutOfSync = "OutOfSync";
    public const string Synced = "Synced";

    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Error = "Error";
    public const string Running = "Running";
}

/// <summary>Kubernetes core names.</summary>
public static class Kube
{
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";
    public const string PodSucceeded = "Succeeded";
    public const string PodFailed = "Failed";
    public const string PodPending = "Pending";
}

/// <summary>Error types of the non-retryable (and a few retryable) failures; workflows match on them.</summary>
public static class ClusterFailureTypes
{
    public const string RecoveryTargetUnreachable = "RecoveryTargetUnreachable";
    public const string ExpectedEmptyArchive = "ExpectedEmptyArchive";
    public const string RecoveryFailed = "RecoveryFailed";
    public const string NotARecoveryBootstrap = "NotARecoveryBootstrap";
    public const string PvcsStuckTerminating = "PvcsStuckTerminating";
    public const string SyncFailed = "SyncFailed";
    public const string SyncRevisionMismatch = "SyncRevisionMismatch";
    public const string SyncBlocked = "SyncBlocked";
    public const string ClusterNotOutOfSync = "ClusterNotOutOfSync";
    public const string BackupFailed = "BackupFailed";
}
