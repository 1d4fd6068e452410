using CnpgDrTemporal.Activities.GitOps;
using Xunit;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.GitOps;

public class PlanBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("20260728T050000", null, "restore paperless from paperless-database-v6@20260728T050000, write to paperless-database-v10")]
    [InlineData(null, "2026-07-28T07:00:00+02:00", "restore paperless from paperless-database-v6@2026-07-28T07:00:00+02:00, write to paperless-database-v10")]
    [InlineData(null, null, "restore paperless from paperless-database-v6, write to paperless-database-v10")]
    public void TheSummaryNamesSourcePinAndNextLineage(string? backupId, string? time, string summary)
    {
        var edit = GitOpsEditsTests.Recover(Paperless, "paperless-database-v6", "paperless-database-v10", backupId, time is null ? null : DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

        var plan = Plan(Files(Paperless), edit);

        Assert.Equal(summary, plan.Summary);
        Assert.StartsWith("dr(paperless): flip to recovery — restore from paperless-database-v6, write to paperless-database-v10\n\n" + summary + "\n\nDr-Plan-Hash: " + plan.PlanHash, plan.CommitMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePlanHashIsTheSha256OfTheDiffAndStable()
    {
        var edit = GitOpsEditsTests.Recover(Gitea, "gitea-database-v2", "gitea-database-v3", "20260419T020000");

        var first = Plan(Files(Gitea), edit);
        var again = Plan(Files(Gitea), edit, At.AddHours(5));
        var other = Plan(Files(Gitea), edit with { NextLineage = "gitea-database-v4" });

        Assert.Equal(first.PlanHash, again.PlanHash);
        Assert.Equal(first.Diff, again.Diff);
        Assert.NotEqual(first.PlanHash, other.PlanHash);
        Assert.Equal(64, first.PlanHash.Length);
        Assert.Equal(PlanBuilder.Sha256(first.Diff), first.PlanHash);
    }

    [Fact]
    public void TheDiffListsChangedFilesInPathOrderWithRepositoryPaths()
    {
        var plan = Plan(Files(Gitea), GitOpsEditsTests.Recover(Gitea, "gitea-database-v2", "gitea-database-v3"));

        var headers = plan.Diff.Split('\n').Where(l => l.StartsWith("+++ ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["+++ b/gitea/base/cluster.yaml", "+++ b/gitea/kustomization.yaml", "+++ b/gitea/overlays/recovery/bootstrap-patch.yaml"], headers);
        Assert.Equal(["gitea/base/cluster.yaml", "gitea/kustomization.yaml", "gitea/overlays/recovery/bootstrap-patch.yaml"], plan.ChangedFiles);
    }

    [Fact]
    public void TheAfterHashRecognisesTheAppliedChange()
    {
        var before = Files(Gitea);
        var edit = GitOpsEditsTests.Recover(Gitea, "gitea-database-v2", "gitea-database-v3");
        var plan = Plan(before, edit);

        Assert.False(PlanBuilder.IsApplied(plan, before));
        Assert.True(PlanBuilder.IsApplied(plan, GitOpsEdits.Apply(before, edit)));
    }

    [Fact]
    public void FlipBackAndFreshLineageHaveTheirOwnSummaries()
    {
        var flip = Plan(Files(Paperless), new GitEdit(GitEditKind.FlipBack, Paperless));
        var fresh = Plan(Files(Paperless), new GitEdit(GitEditKind.FreshLineage, Paperless, NextLineage: "paperless-database-v10"));

        Assert.Equal("flip paperless back to overlays/initdb, write stays paperless-database-v9", flip.Summary);
        Assert.StartsWith("dr(paperless): flip back to initdb — write stays paperless-database-v9\n", flip.CommitMessage, StringComparison.Ordinal);
        Assert.Equal("start paperless fresh on overlays/initdb, write to paperless-database-v10 (was paperless-database-v9)", fresh.Summary);
    }

    private static GitPlan Plan(DbFiles before, GitEdit edit, DateTimeOffset? at = null) =>
        PlanBuilder.Build(edit, before, GitOpsEdits.Apply(before, edit), "base", at ?? At).Plan;
}
