namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>Plan the DR switch: restore from <paramref name="SourceLineage"/> (optionally pinned), write to <paramref name="NextLineage"/>.</summary>
public sealed record RecoveryEditRequest(string Database, string SourceLineage, string NextLineage, string? BackupId = null, DateTimeOffset? TargetTime = null)
{
    public GitEdit ToEdit() => new(GitEditKind.Recover, Database, SourceLineage, NextLineage, BackupId, TargetTime);
}

/// <summary>A database directory as it is on the tracked branch at <paramref name="Commit"/>.</summary>
public sealed record DatabaseSnapshot(DatabaseLayout Layout, string Commit);
