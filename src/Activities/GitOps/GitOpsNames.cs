namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>Every file name, key, overlay entry and error type of the GitOps layout, in one place.</summary>
public static class GitOpsNames
{
    public const string RootKustomization = "kustomization.yaml";
    public const string BaseCluster = "base/cluster.yaml";
    public const string BaseObjectStore = "base/objectstore.yaml";
    public const string InitdbOverlay = "overlays/initdb";
    public const string RecoveryOverlay = "overlays/recovery";
    public const string OverlayKustomization = "kustomization.yaml";
    public const string BootstrapPatch = "bootstrap-patch.yaml";

    public const string BarmanCloudPlugin = "barman-cloud.cloudnative-pg.io";
    public const string ClusterKind = "Cluster";
    public const string ObjectStoreKind = "ObjectStore";

    public const string BackupIdKey = "backupID";
    public const string TargetTimeKey = "targetTime";
    public const string RecoveryTargetKey = "recoveryTarget";

    /// <summary>Keys of <c>recoveryTarget</c> that choose the stopping point; at most one is written.</summary>
    public static readonly IReadOnlyList<string> TargetKeys =
        [BackupIdKey, TargetTimeKey, "targetLSN", "targetXID", "targetName", "targetImmediate"];

    public const string ReviewBranchPrefix = "dr/";

    /// <summary>Commit trailer that ties a commit to the plan it carries out.</summary>
    public const string PlanHashTrailer = "Dr-Plan-Hash";

    public static string OverlayPatch(string overlay) => $"{overlay}/{BootstrapPatch}";

    public static string OverlayOf(DatabaseMode mode) => mode == DatabaseMode.Recovery ? RecoveryOverlay : InitdbOverlay;
}

/// <summary><c>errorType</c> of the non-retryable Temporal failures the GitOps activities raise.</summary>
public static class GitOpsErrorTypes
{
    public const string BadInput = "GitOpsBadInput";
    public const string StalePlan = "GitOpsStalePlan";
    public const string UpstreamConflict = "GitOpsUpstreamConflict";
    public const string Auth = "GitOpsAuth";
    public const string BranchMissing = "GitOpsBranchMissing";
    public const string RenderCheck = "GitOpsRenderCheck";
}
