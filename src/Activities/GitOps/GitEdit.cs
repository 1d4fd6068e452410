using CnpgDrTemporal.Activities.GitOps.Migration;
using CnpgDrTemporal.Activities.Text;
namespace CnpgDrTemporal.Activities.GitOps;

public enum GitEditKind
{
    /// <summary>Write lineage → next, recovery source → a lineage (+ pin), flag → recovery.</summary>
    Recover,

    /// <summary>Flag → initdb; lineages unchanged.</summary>
    FlipBack,

    /// <summary>Write lineage → next with the flag on initdb: a rebuild that must not reuse a dirty prefix.</summary>
    FreshLineage,

    /// <summary>Native <c>barmanObjectStore</c> → Barman Cloud plugin + ObjectStore; lineages and flag unchanged.</summary>
    MigrateToPlugin,
}

/// <summary>
/// One change to one database directory. <see cref="SourceLineage"/>, <see cref="BackupId"/> and
/// <see cref="TargetTime"/> belong to <see cref="GitEditKind.Recover"/> (no pin = recover to the
/// end of the source's WAL, and a stale pin is removed); <see cref="NextLineage"/> to Recover
/// and FreshLineage; <see cref="WalMaxParallel"/>, when set, to Recover: the source's <c>wal.maxParallel</c>;
/// <see cref="Migration"/> to MigrateToPlugin.
/// </summary>
public sealed record GitEdit(
    GitEditKind Kind,
    string Database,
    string? SourceLineage = null,
    string? NextLineage = null,
    string? BackupId = null,
    DateTimeOffset? TargetTime = null,
    int? WalMaxParallel = null,
    PluginMigrationOptions? Migration = null)
{
    /// <summary>The pin as written in the summary: <c>@backupID</c>, <c>@time</c> or nothing.</summary>
    public string PinSuffix =>
        BackupId is not null ? $"@{BackupId}" : TargetTime is { } t ? $"@{YamlScalars.FormatTime(t)}" : string.Empty;

    /// <summary>The one-line human summary shown for approval.</summary>
    public string Summary(DatabaseLayout before) => Kind switch
    {
        GitEditKind.Recover => $"restore {Database} from {SourceLineage}{PinSuffix}, write to {NextLineage}{(WalMaxParallel is { } n ? $", fetch WAL {n} at a time (wal.maxParallel)" : string.Empty)}",
        GitEditKind.FlipBack => $"flip {Database} back to {GitOpsNames.InitdbOverlay}, write stays {before.WriteLineage}",
        GitEditKind.MigrateToPlugin => $"move {Database}'s backups to the Barman Cloud plugin (ObjectStore {(Migration ?? new()).ObjectStoreFor(Database)}), write lineage stays {before.WriteLineage}",
        _ => $"start {Database} fresh on {GitOpsNames.InitdbOverlay}, write to {NextLineage} (was {before.WriteLineage})",
    };

    /// <summary>The commit subject.</summary>
    public string CommitSubject(DatabaseLayout before) => Kind switch
    {
        GitEditKind.Recover => $"dr({Database}): flip to recovery — restore from {SourceLineage}, write to {NextLineage}",
        GitEditKind.FlipBack => $"dr({Database}): flip back to initdb — write stays {before.WriteLineage}",
        GitEditKind.MigrateToPlugin => $"dr({Database}): backups to the Barman Cloud plugin — lineage stays {before.WriteLineage}",
        _ => $"dr({Database}): fresh lineage on initdb — write to {NextLineage}",
    };
}

/// <summary>Plan the DR switch: restore from <paramref name="SourceLineage"/> (optionally pinned), write to <paramref name="NextLineage"/>.</summary>
public sealed record RecoveryEditRequest(string Database, string SourceLineage, string NextLineage, string? BackupId = null, DateTimeOffset? TargetTime = null, int? WalMaxParallel = null)
{
    public GitEdit ToEdit() => new(GitEditKind.Recover, Database, SourceLineage, NextLineage, BackupId, TargetTime, WalMaxParallel);
}

/// <summary>A database directory as it is on the tracked branch at <paramref name="Commit"/>.</summary>
public sealed record DatabaseSnapshot(DatabaseLayout Layout, string Commit);
