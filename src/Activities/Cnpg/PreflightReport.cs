using CnpgDrTemporal.Activities.Kubernetes;
namespace CnpgDrTemporal.Activities.Cnpg;

public enum FindingLevel
{
    Pass,
    Info,
    Warning,
    Refusal,
}

/// <summary>One thing the preflight checked, what it concluded, and the evidence (field = value, object, HTTP status).</summary>
public sealed record Finding(string Code, FindingLevel Level, string Message, string Evidence);

public static class FindingCodes
{
    public const string ApplicationFound = "application-found";
    public const string ApplicationMissing = "application-missing";
    public const string ApplicationPath = "application-path";
    public const string AutoSync = "auto-sync";
    public const string SelfHeal = "self-heal";
    public const string SkipReconcile = "skip-reconcile";
    public const string IgnoreBootstrap = "ignore-differences-bootstrap";
    public const string ApplicationSet = "applicationset";
    public const string NamespaceUnknown = "namespace-unknown";
    public const string ClusterLive = "cluster-live";
    public const string ClusterAbsent = "cluster-absent";
    public const string ClusterTerminating = "cluster-terminating";
    public const string Pvcs = "pvcs";
    public const string Consumers = "consumers";
}

public sealed record ApplicationFacts(
    string Namespace,
    string Name,
    string? RepoUrl,
    IReadOnlyList<string> Paths,
    string? TargetRevision,
    string? DestinationNamespace,
    bool Automated,
    bool SelfHeal,
    bool Prune,
    bool SkipReconcile,
    string? OwnerApplicationSet,
    string? SyncStatus,
    string? ClusterSyncStatus,
    string? ReconciledAt);

public sealed record ClusterFacts(
    string Namespace,
    string Name,
    bool Present,
    string? Phase,
    bool Terminating,
    bool Ready,
    bool ContinuousArchiving,
    string? Bootstrap,
    string? RecoverySource,
    string? RecoverySourceLineage,
    string? WriteLineage,
    string? BackupMethod,
    string? Uid = null);

public sealed record PvcFacts(string Name, string? Phase, bool Terminating, IReadOnlyList<string> Finalizers, string? Uid = null);

public sealed record ConsumerFacts(string Namespace, string Name, int Replicas);

/// <summary>The read-only preflight: every guard with its evidence, plus the facts found. <see cref="Passed"/> = no refusal.</summary>
public sealed record PreflightReport(
    string Database,
    ClusterTarget Target,
    bool Passed,
    IReadOnlyList<Finding> Findings,
    ApplicationFacts? Application,
    ClusterFacts? Cluster,
    IReadOnlyList<PvcFacts> Pvcs,
    IReadOnlyList<ConsumerFacts> Consumers)
{
    public IEnumerable<Finding> Refusals => Findings.Where(f => f.Level == FindingLevel.Refusal);

    /// <summary>What a delete would act on now: the Cluster (with its UID while it exists) and its PVCs; null when the Cluster cannot be placed.</summary>
    public DeleteTarget? PinnedTarget() =>
        Target.Cluster is { } cluster
            ? new DeleteTarget(Target.Application, cluster, Cluster is { Present: true } c ? c.Uid : null, [.. Pvcs.Select(p => new PinnedPvc(p.Name, p.Uid)).OrderBy(p => p.Name, StringComparer.Ordinal)])
            : null;
}
