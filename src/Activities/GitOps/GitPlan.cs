namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// A planned change, computed without side effects, to be approved and then pushed as is.
/// <see cref="PlanHash"/> (SHA-256 hex of <see cref="Diff"/>) is what a human approves; the push
/// recomputes it on the current branch and refuses a stale plan. <see cref="AfterHash"/> covers
/// the changed files' new content, so a re-run can recognise its own change on the remote.
/// </summary>
public sealed record GitPlan(
    GitEdit Edit,
    string Summary,
    string Diff,
    string PlanHash,
    string? BaseCommit,
    string Directory,
    IReadOnlyList<string> ChangedFiles,
    string AfterHash,
    string CommitMessage,
    DateTimeOffset PlannedAt);

/// <summary>A plan with the files it was computed from and the files it produces.</summary>
public sealed record PlannedChange(GitPlan Plan, DbFiles Before, DbFiles After, DatabaseLayout Layout);
