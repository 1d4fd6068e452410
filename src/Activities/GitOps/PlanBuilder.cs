using CnpgDrTemporal.Activities.Text;
using System.Security.Cryptography;
using System.Text;

namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>Turns before/after files into the reviewable plan: summary, unified diff, stable hashes, commit message.</summary>
public static class PlanBuilder
{
    public static PlannedChange Build(GitEdit edit, DbFiles before, DbFiles after, string? baseCommit, DateTimeOffset plannedAt)
    {
        var layout = DatabaseDirectory.Read(before);
        var changed = after.ChangedSince(before);
        var diff = Diff(before, after);
        var planHash = Sha256(diff);
        var summary = edit.Summary(layout);
        var message = $"{edit.CommitSubject(layout)}\n\n{summary}\n\n{GitOpsNames.PlanHashTrailer}: {planHash}\n";
        var plan = new GitPlan(
            edit,
            summary,
            diff,
            planHash,
            baseCommit,
            before.Directory,
            changed.Select(before.RepoPath).ToList(),
            AfterHash(after, changed),
            message,
            plannedAt);
        return new PlannedChange(plan, before, after, layout);
    }

    /// <summary>The unified diff of every changed file, in path order, with repository-relative paths.</summary>
    public static string Diff(DbFiles before, DbFiles after)
    {
        var text = new StringBuilder();
        foreach (var file in after.ChangedSince(before))
        {
            text.Append(UnifiedDiff.Build(after.RepoPath(file), before.Files.GetValueOrDefault(file, string.Empty), after.Files[file]));
        }

        return text.ToString();
    }

    /// <summary>Hash of the new content of <paramref name="files"/>; equal on the remote = the change is already there.</summary>
    public static string AfterHash(DbFiles files, IEnumerable<string> changed)
    {
        var text = new StringBuilder();
        foreach (var file in changed.Order(StringComparer.Ordinal))
        {
            text.Append(files.RepoPath(file)).Append('\0').Append(files.Files.GetValueOrDefault(file, "\0missing")).Append('\0');
        }

        return Sha256(text.ToString());
    }

    /// <summary>True when <paramref name="current"/> already holds the plan's new content.</summary>
    public static bool IsApplied(GitPlan plan, DbFiles current) =>
        plan.ChangedFiles.Count > 0 &&
        AfterHash(current, plan.ChangedFiles.Select(p => p[(plan.Directory.Length + 1)..])) == plan.AfterHash;

    public static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
