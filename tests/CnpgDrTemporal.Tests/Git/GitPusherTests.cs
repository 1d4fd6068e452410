using CnpgDrTemporal.Tests.GitOps;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using LibGit2Sharp;
using Temporalio.Exceptions;
using Xunit;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.Git;

/// <summary>Commit and push against a real bare remote on disk, with competing clones.</summary>
public sealed class GitPusherTests : IDisposable
{
    private readonly GitOpsHarness git = GitOpsHarness.Create(Gitea);

    private static RecoveryEditRequest Recovery => new(Gitea, "gitea-database-v2", "gitea-database-v3", "20260419T020000");

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task PushesOneCommitWithTheMessageAuthorAndPlannedFiles()
    {
        var plan = await git.Repo.PlanRecoveryAsync(Recovery, default);

        var result = await git.Repo.PushAsync(new PushRequest(plan), default);

        var head = git.Remote.Head();
        Assert.Equal(head.Sha, result.Sha);
        Assert.False(result.AlreadyPresent);
        Assert.Equal("main", result.Branch);
        Assert.Equal(2, git.Remote.CommitCount());
        Assert.Equal("dr(gitea): flip to recovery — restore from gitea-database-v2, write to gitea-database-v3", head.MessageShort);
        Assert.Contains($"Dr-Plan-Hash: {plan.PlanHash}", head.Message, StringComparison.Ordinal);
        Assert.Equal(("dr-bot", "dr-bot@example.invalid"), (head.AuthorName, head.AuthorEmail));
        var expected = GitOpsEdits.Apply(LoadFromRemote(git.Remote, plan.BaseCommit!), Recovery.ToEdit());
        foreach (var path in plan.ChangedFiles)
        {
            Assert.Equal(expected.Text(path[(plan.Directory.Length + 1)..]), git.Remote.ReadFile(path));
        }

        Assert.Equal("# gitops\n", git.Remote.ReadFile("README.md"));
        Assert.Empty(git.Remote.LeftoverClones());
    }

    [Fact]
    public async Task ARerunFindsTheChangeOnTheRemoteAndDoesNotCommitAgain()
    {
        var plan = await git.Repo.PlanRecoveryAsync(Recovery, default);
        var first = await git.Repo.PushAsync(new PushRequest(plan), default);

        var second = await git.Repo.PushAsync(new PushRequest(plan), default);

        Assert.True(second.AlreadyPresent);
        Assert.Equal(first.Sha, second.Sha);
        Assert.Equal(2, git.Remote.CommitCount());
    }

    [Fact]
    public async Task ARerunAfterALaterUnrelatedEditOfTheDirectoryStillReturnsOurCommit()
    {
        var plan = await git.Repo.PlanRecoveryAsync(Recovery, default);
        var first = await git.Repo.PushAsync(new PushRequest(plan), default);
        git.Remote.PushFromOtherClone(dir => File.AppendAllText(Path.Combine(dir, git.Remote.DbDir, "scheduled-backup.yaml"), "# later\n"), "later");

        var second = await git.Repo.PushAsync(new PushRequest(plan), default);

        Assert.Equal((first.Sha, true), (second.Sha, second.AlreadyPresent));
        Assert.Equal(3, git.Remote.CommitCount());
    }

    [Fact]
    public async Task ACommitOutsideTheDatabaseDirectoryAfterThePlanIsReappliedOnTop()
    {
        var plan = await git.Repo.PlanRecoveryAsync(Recovery, default);
        var other = git.Remote.PushFromOtherClone(dir => File.AppendAllText(Path.Combine(dir, "README.md"), "more\n"), "docs: readme");

        var result = await git.Repo.PushAsync(new PushRequest(plan), default);

        var head = git.Remote.Head();
        Assert.Equal(result.Sha, head.Sha);
        Assert.Equal(other, head.Parents.Single());
        Assert.Equal(3, git.Remote.CommitCount());
        Assert.Equal("# gitops\nmore\n", git.Remote.ReadFile("README.md"));
    }

    [Fact]
    public async Task ACommitToTheDatabaseDirectoryAfterThePlanIsRefusedAndNamed()
    {
        var plan = await git.Repo.PlanRecoveryAsync(Recovery, default);
        var other = git.Remote.PushFromOtherClone(dir => File.AppendAllText(Path.Combine(dir, git.Remote.DbDir, "scheduled-backup.yaml"), "# hourly soon\n"), "backup: note");

        var e = await Assert.ThrowsAsync<GitOpsException>(() => git.Pusher.PushAsync(new PushRequest(plan), default));

        Assert.Equal(GitOpsErrorTypes.UpstreamConflict, e.ErrorType);
        Assert.Equal($"main moved since the plan: commit {other[..12]} \"backup: note\" by other changed {git.Remote.DbDir}; re-plan", e.Message);
        Assert.Equal(other, git.Remote.Head().Sha);
        Assert.Equal(2, git.Remote.CommitCount());
        Assert.Empty(git.Remote.LeftoverClones());
    }

    [Fact]
    public async Task AClonePushingBetweenOurCommitAndPushOutsideTheDirectoryIsReappliedCleanly()
    {
        var plan = await git.Repo.PlanRecoveryAsync(Recovery, default);
        string? other = null;
        git.Pusher.BeforePush = _ => other ??= git.Remote.PushFromOtherClone(dir => File.WriteAllText(Path.Combine(dir, "NOTES.md"), "x\n"), "notes");

        var result = await git.Pusher.PushAsync(new PushRequest(plan), default);

        Assert.Equal(2, result.Attempts);
        var head = git.Remote.Head();
        Assert.Equal(result.Sha, head.Sha);
        Assert.Equal(other, head.Parents.Single());
        Assert.Equal(3, git.Remote.CommitCount());
    }

    [Fact]
    public async Task AClonePushingBetweenOurCommitAndPushIntoTheDirectoryIsRefused()
    {
        var plan = await git.Repo.PlanRecoveryAsync(Recovery, default);
        string? other = null;
        git.Pusher.BeforePush = _ => other ??= git.Remote.PushFromOtherClone(
            dir => File.WriteAllText(Path.Combine(dir, git.Remote.DbDir, "base", "cluster.yaml"), "# replaced by hand\n"),
            "hand edit");

        var e = await Assert.ThrowsAsync<GitOpsException>(() => git.Pusher.PushAsync(new PushRequest(plan), default));

        Assert.Equal(GitOpsErrorTypes.UpstreamConflict, e.ErrorType);
        Assert.Contains($"commit {other![..12]} \"hand edit\"", e.Message, StringComparison.Ordinal);
        Assert.Equal(other, git.Remote.Head().Sha);
        Assert.Equal(2, git.Remote.CommitCount());
    }

    [Fact]
    public async Task AStalePlanIsRefused()
    {
        // Planned from a local copy (no base commit); then a line inside the diff's context changes upstream.
        var plan = (await git.Planner.PlanAsync(LoadFromRemote(git.Remote, git.Remote.Head().Sha), Recovery.ToEdit(), null, default)).Plan;
        var cluster = Path.Combine(git.Remote.DbDir, "base", "cluster.yaml");
        git.Remote.PushFromOtherClone(
            dir => File.WriteAllText(Path.Combine(dir, cluster), File.ReadAllText(Path.Combine(dir, cluster)).Replace("# v2: opened", "# v2 (gitea 1.22): opened", StringComparison.Ordinal)),
            "history note");
        var count = git.Remote.CommitCount();

        var e = await Assert.ThrowsAsync<GitOpsException>(() => git.Pusher.PushAsync(new PushRequest(plan), default));

        Assert.Equal(GitOpsErrorTypes.StalePlan, e.ErrorType);
        Assert.StartsWith($"plan {plan.PlanHash[..12]} for {git.Remote.DbDir} is stale", e.Message, StringComparison.Ordinal);
        Assert.Equal(count, git.Remote.CommitCount());
    }

    [Fact]
    public async Task AReviewBranchIsPushedOnceAndTheTrackedBranchIsLeftAlone()
    {
        var plan = await git.Repo.PlanRecoveryAsync(Recovery, default);
        var at = new DateTimeOffset(2026, 8, 1, 14, 30, 5, TimeSpan.FromHours(2));

        var first = await git.Repo.PushAsync(new PushRequest(plan, PushMode.ReviewBranch, at), default);
        var again = await git.Repo.PushAsync(new PushRequest(plan, PushMode.ReviewBranch, at), default);

        Assert.Equal("dr/gitea-20260801123005", first.Branch);
        Assert.Equal(git.Remote.Head(first.Branch).Sha, first.Sha);
        Assert.Equal(1, git.Remote.CommitCount());
        Assert.True(again.AlreadyPresent);
        Assert.Equal(first.Sha, again.Sha);
        Assert.Equal(2, git.Remote.CommitCount(first.Branch));
    }

    [Fact]
    public async Task AMissingBranchIsNamedAndNothingIsCloned()
    {
        git.Options.Branch = "production";

        var e = await Assert.ThrowsAsync<GitOpsException>(() => git.Pusher.PushAsync(new PushRequest(PlanFor(git)), default));

        Assert.Equal(GitOpsErrorTypes.BranchMissing, e.ErrorType);
        Assert.Equal($"branch production not found on {git.Remote.Url} (Dr:Git:Branch)", e.Message);
        Assert.Empty(git.Remote.LeftoverClones());
    }

    [Fact]
    public async Task AMissingRepositoryUrlIsNamed()
    {
        git.Options.RepoUrl = null;

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => git.Repo.ReadDatabaseAsync(Gitea, default));

        Assert.Equal("Dr:Git:RepoUrl is not set", e.Message);
    }

    [Fact]
    public async Task ReadDatabaseReturnsTheLayoutAndTheCommitItWasReadAt()
    {
        var snapshot = await git.Repo.ReadDatabaseAsync(Gitea, default);

        Assert.Equal(git.Remote.Head().Sha, snapshot.Commit);
        Assert.Equal("gitea-database-v2", snapshot.Layout.WriteLineage);
        Assert.Equal($"{GitRemoteFixture.DefaultDatabasesPath}/gitea", snapshot.Layout.Directory);
    }

    [Fact]
    public async Task BadInputIsANonRetryableFailureBeforeAnyClone()
    {
        var e = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => git.Repo.PlanRecoveryAsync(new RecoveryEditRequest(Gitea, "gitea-database-v1", "gitea-database-v3", "20260419T020000", DateTimeOffset.UnixEpoch), default));

        Assert.True(e.NonRetryable);
        Assert.Equal(GitOpsErrorTypes.BadInput, e.ErrorType);
        Assert.StartsWith("recovery target has both backupID", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(git.Remote.WorkDir));
    }

    [Fact]
    public async Task BadLayoutOnTheRemoteIsRefusedWithoutACommit()
    {
        git.Remote.PushFromOtherClone(dir => File.Delete(Path.Combine(dir, git.Remote.DbDir, "overlays", "recovery", "bootstrap-patch.yaml")), "oops");

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => git.Repo.PlanRecoveryAsync(Recovery, default));

        Assert.Equal($"{git.Remote.DbDir}/overlays/recovery/bootstrap-patch.yaml is missing", e.Message[..e.Message.IndexOf(':', StringComparison.Ordinal)]);
        Assert.Equal(2, git.Remote.CommitCount());
        Assert.Empty(git.Remote.LeftoverClones());
    }

    [Fact]
    public async Task FlipBackAndFreshLineagePlansPushToo()
    {
        var recovered = await git.Repo.PushAsync(new PushRequest(await git.Repo.PlanRecoveryAsync(Recovery, default)), default);

        var flip = await git.Repo.PlanFlipBackAsync(Gitea, default);
        var flipped = await git.Repo.PushAsync(new PushRequest(flip), default);
        var fresh = await git.Repo.PushAsync(new PushRequest(await git.Repo.PlanFreshLineageAsync(Gitea, "gitea-database-v4", default)), default);

        var head = git.Remote.Head();
        Assert.Equal(fresh.Sha, head.Sha);
        Assert.Equal(flipped.Sha, head.Parents.Single());
        Assert.Equal(recovered.Sha, git.Remote.CommitAt(flipped.Sha).Parents.Single());
        Assert.Equal(File.ReadAllText(Path.Combine(PathOf(Gitea), "kustomization.yaml")), git.Remote.ReadFile($"{git.Remote.DbDir}/kustomization.yaml"));
        Assert.Contains("serverName: gitea-database-v4   # DO NOT change", git.Remote.ReadFile($"{git.Remote.DbDir}/base/cluster.yaml"), StringComparison.Ordinal);
        Assert.Equal(4, git.Remote.CommitCount());
    }

    internal static DbFiles LoadFromRemote(GitRemoteFixture remote, string sha)
    {
        var dir = NewTempDir("read");
        try
        {
            Repository.Clone(remote.Url, dir);
            using var repo = new Repository(dir);
            Commands.Checkout(repo, repo.Lookup<Commit>(sha));
            return DbFiles.Load(dir, remote.DbDir, remote.Database);
        }
        finally
        {
            GitCheckout.DeleteDirectory(dir);
        }
    }

    private static GitPlan PlanFor(GitOpsHarness harness)
    {
        var before = LoadFromRemote(harness.Remote, harness.Remote.Head().Sha);
        return PlanBuilder.Build(Recovery.ToEdit(), before, GitOpsEdits.Apply(before, Recovery.ToEdit()), null, DateTimeOffset.UnixEpoch).Plan;
    }
}
