using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using System.Globalization;
using System.Text;

namespace CnpgDrTemporal.Activities.Rebuild;

/// <summary>The combined summary, diff and hash of a rebuild: every decision and every git change in database order.</summary>
public static class RebuildPlanHash
{
    public static RebuildPlan Combine(IReadOnlyList<RebuildEntry> entries, Git.PushMode mode, DateTimeOffset plannedAt)
    {
        var ordered = entries.OrderBy(e => e.Database, StringComparer.Ordinal).ToList();
        var summary = new StringBuilder();
        var diff = new StringBuilder();
        var decisions = new StringBuilder();
        foreach (var e in ordered)
        {
            summary.Append(CultureInfo.InvariantCulture, $"{e.Database}: {e.Action.ToString().ToLowerInvariant()} — {e.Reason}\n");
            diff.Append(e.Git?.Diff);
            decisions.Append(CultureInfo.InvariantCulture, $"{e.Database}\0{e.Action}\0{e.SourceLineage}\0{e.BackupId}\0{e.NextLineage}\0{e.ExpectedSystemId}\0{e.Git?.PlanHash}\n");
        }

        var hash = PlanBuilder.Sha256($"{mode}\n{decisions}\n{diff}");
        return new RebuildPlan(ordered, summary.ToString().TrimEnd('\n'), diff.ToString(), hash, mode, plannedAt);
    }
}
