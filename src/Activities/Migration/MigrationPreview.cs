using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.GitOps.Migration;
using LibGit2Sharp;
using System.Text;

namespace CnpgDrTemporal.Activities.Migration;

/// <summary>
/// The <c>plan-migration</c> verb's work, without side effects: the migration plan of one database from a
/// local checkout or a fresh clone, and its text (summary, hash, unified diff, rendered difference).
/// </summary>
public sealed class MigrationPreview(GitRemote remote, PluginMigrationPlanner planner)
{
    public async Task<(MigrationGitPlan Plan, string? BaseCommit)> PlanAsync(string database, PluginMigrationOptions options, string? repoDir, CancellationToken ct)
    {
        GitOpsEdits.ValidateRequest(new GitEdit(GitEditKind.MigrateToPlugin, database, Migration: options));
        using var checkout = repoDir is null ? remote.Clone("plan", ct) : null;
        var root = checkout?.Path ?? repoDir!;
        var before = DbFiles.Load(root, remote.Options.DatabaseDirectory(database), database);
        var head = checkout?.Head.Sha ?? HeadOf(root);
        return (await planner.PlanAsync(before, options, head, ct).ConfigureAwait(false), head);
    }

    /// <summary>What a human reviews: the refusal, or summary, hash, base, the text diff and the rendered difference.</summary>
    public static string Text(MigrationGitPlan plan, string? baseCommit)
    {
        if (plan.Refusal is { } refusal)
        {
            return $"refused: {refusal}\n";
        }

        var git = plan.Plan!;
        return new StringBuilder()
            .Append(git.Summary).Append('\n')
            .Append("plan hash: ").Append(git.PlanHash).Append('\n')
            .Append("base: ").Append(baseCommit ?? "(not a git checkout)").Append('\n')
            .Append('\n')
            .Append(git.Diff)
            .Append('\n')
            .Append("rendered difference (kubectl kustomize, before -> after):\n")
            .Append(plan.RenderedDifference)
            .ToString();
    }

    private static string? HeadOf(string root)
    {
        if (!Repository.IsValid(root))
        {
            return null;
        }

        using var repo = new Repository(root);
        return repo.Head.Tip?.Sha;
    }
}
