namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>Which overlay the root kustomization activates: the DR switch.</summary>
public enum DatabaseMode
{
    Initdb,
    Recovery,
}

/// <summary>Where the write lineage lives: native <c>barmanObjectStore</c> or the Barman Cloud plugin.</summary>
public enum BackupShape
{
    Native,
    Plugin,
}

/// <summary>The flag as written: the active resources line and the commented-out one (null when absent).</summary>
public sealed record OverlayFlag(DatabaseMode Mode, string ActiveLine, string? InactiveLine);

/// <summary>
/// What the recovery overlay says. <see cref="SourceLineage"/> is the serverName of the external
/// cluster named by <see cref="SourceName"/>; <see cref="OtherTarget"/> names a target key other
/// than backupID/targetTime (e.g. <c>targetLSN</c>) when one is set.
/// </summary>
public sealed record RecoveryOverlay(
    string? SourceName,
    string? SourceLineage,
    string? BackupId,
    string? TargetTime,
    string? OtherTarget,
    string? Database,
    string? Owner,
    string? Secret);

/// <summary>
/// One database directory as read from git. Paths are repository-relative. <see cref="SourceWalMaxParallel"/>
/// is the recovery source's <c>wal.maxParallel</c> (<see cref="WalMaxParallelText"/>), null when unset.
/// </summary>
public sealed record DatabaseLayout(
    string Database,
    string Directory,
    OverlayFlag Flag,
    BackupShape Shape,
    string ClusterName,
    string? Namespace,
    string WriteLineage,
    RecoveryOverlay Recovery,
    string? ObjectStoreName,
    string? DestinationPath,
    int? SourceWalMaxParallel = null)
{
    public DatabaseMode Mode => Flag.Mode;
}
