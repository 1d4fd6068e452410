using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Tests.GitOps;
using Temporalio.Exceptions;
using Xunit;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.Rebuild;

/// <summary>Several database directories in ONE commit on a real bare remote, idempotent like the single push.</summary>
public sealed class MultiPushTests : IDisposable
{
    private readonly GitOpsHarness git = GitOpsHarness.Create(Gitea);

    public MultiPushTests() => RebuildFixtures.AddDatabase(git.Remote, Paperless);

    public void Dispose() => git.Dispose();

    private async Task<List<GitPlan>> PlansAsync() =>
    [
        await git.Repo.PlanRecoveryAsync(new RecoveryEditRequest(Gitea, "gitea-database-v2", "gitea-database-v3"), default),
        await git.Repo.PlanRecoveryAsync(new RecoveryEditRequest(Paperless, "paperless-database-v6", "paperless-database-v10"), default),
    ];

    private static MultiPushRequest All(List<GitPlan> plans) => new(plans, "dr(rebuild): restore every database", "rebuild");

    [Fact]
    public async Task Both_directories_change_in_one_commit_and_a_rerun_makes_no_second()
    {
        var plans = await PlansAsync();
        var before = git.Remote.CommitCount();

        var first = await git.Repo.PushAllAsync(All(plans), default);
        var again = await git.Repo.PushAllAsync(All(plans), default);

        Assert.Equal(before + 1, git.Remote.CommitCount());
        var head = git.Remote.Head();
        Assert.Equal(head.Sha, first.Sha);
        Assert.False(first.AlreadyPresent);
        Assert.Equal((first.Sha, true), (again.Sha, again.AlreadyPresent));
        Assert.Equal("dr(rebuild): restore every database", head.MessageShort);
        foreach (var plan in plans)
        {
            Assert.Contains($"{GitOpsNames.PlanHashTrailer}: {plan.PlanHash}", head.Message, StringComparison.Ordinal);
            Assert.Contains(plan.Summary, head.Message, StringComparison.Ordinal);
            Assert.All(plan.ChangedFiles, f => Assert.NotEqual(File.ReadAllText(Path.Combine(PathOf(plan.Edit.Database), f[(plan.Directory.Length + 1)..])), git.Remote.ReadFile(f)));
        }

        // Each database's own push recognises the combined commit as its change.
        var single = await git.Repo.PushAsync(new PushRequest(plans[1]), default);
        Assert.Equal((first.Sha, true), (single.Sha, single.AlreadyPresent));
        Assert.Empty(git.Remote.LeftoverClones());
    }

    [Fact]
    public async Task An_upstream_change_in_one_directory_refuses_the_whole_commit()
    {
        var plans = await PlansAsync();
        var upstream = git.Remote.PushFromOtherClone(
            path => File.AppendAllText(Path.Combine(path, git.Remote.DatabasesPath, Paperless, "base", "cluster.yaml"), "# tuned\n"), "tune paperless");

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => git.Repo.PushAllAsync(All(plans), default));

        Assert.Equal(GitOpsErrorTypes.UpstreamConflict, e.ErrorType);
        Assert.Contains(Paperless, e.Message, StringComparison.Ordinal);
        Assert.Equal(upstream, git.Remote.Head().Sha);
    }

    [Fact]
    public async Task Two_plans_for_one_directory_and_an_empty_list()
    {
        var plans = await PlansAsync();
        var twice = await Assert.ThrowsAsync<ApplicationFailureException>(() => git.Repo.PushAllAsync(All([plans[0], plans[0]]), default));
        var none = await git.Repo.PushAllAsync(All([]), default);

        Assert.Equal(GitOpsErrorTypes.BadInput, twice.ErrorType);
        Assert.Equal((git.Remote.Head().Sha, true), (none.Sha, none.AlreadyPresent));
    }
}
