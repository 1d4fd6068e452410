namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>CNPG labels, conditions and phases this worker relies on.</summary>
public static class CnpgNames
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
