namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>Plan the DR switch: restore from <paramref name="SourceLineage"/> (optionally pinned), write to <paramref name="NextLineage"/>.</summary>
public sealed record RecoveryEditRequest(string Database, string SourceLineage, string NextLineage, string? BackupId = null, DateTimeOffset? TargetTime = null)
{
    public GitEdit ToEdit() => new(GitEditKind.Recover, Database, SourceLineage, NextLineage, BackupId, TargetTime);
}

public sealed record FlipBackRequest(string Database);

public sealed record FreshLineageRequest(string Database, string NextLineage);

public sealed record ReadDatabaseRequest(string Database);

/// <summary>A database directory as it is on the tracked branch at <paramref name="Commit"/>.</summary>
public sealed record DatabaseSnapshot(DatabaseLayout Layout, string Commit);

public enum PushMode
{
    /// <summary>Commit onto the branch ArgoCD tracks.</summary>
    TrackedBranch,

    /// <summary>Push a new branch <c>dr/&lt;db&gt;-&lt;yyyyMMddHHmmss&gt;</c> for review.</summary>
    ReviewBranch,
}

/// <summary>
/// Push exactly <paramref name="Plan"/>. <paramref name="RequestedAt"/> names the review branch
/// (pass the workflow's time so that a retry reuses the same name; default: the plan's time).
/// </summary>
public sealed record PushRequest(GitPlan Plan, PushMode Mode = PushMode.TrackedBranch, DateTimeOffset? RequestedAt = null);

/// <summary>The pushed commit; <paramref name="AlreadyPresent"/> when an earlier run had pushed it already.</summary>
public sealed record PushResult(string Sha, string Branch, bool AlreadyPresent, int Attempts);

/// <summary>
/// Push several plans, at most one per database directory, as ONE commit titled <paramref name="Subject"/>.
/// <paramref name="BranchName"/> names the review branch (<c>dr/&lt;name&gt;-&lt;time&gt;</c>) in review mode.
/// An empty list pushes nothing and returns the tracked branch's head.
/// </summary>
public sealed record MultiPushRequest(
    IReadOnlyList<GitPlan> Plans,
    string Subject,
    string BranchName,
    PushMode Mode = PushMode.TrackedBranch,
    DateTimeOffset? RequestedAt = null);
