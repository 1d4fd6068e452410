using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.GitOps.Migration;
using CnpgDrTemporal.Tests.Git;
using Temporalio.Exceptions;
using LibGit2Sharp;
using Xunit;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.GitOps.Migration;

/// <summary>The migration pushed to a real bare remote, then its one-commit revert: exact, idempotent, refused over someone else's change.</summary>
public sealed class MigrationRevertTests
{
    [Fact]
    public async Task TheRevertRestoresTheDirectoryInOneCommitAndASecondRevertFindsItDone()
    {
        using var git = GitOpsHarness.Create(Gitea);
        var original = git.Remote.Head().Sha;
        var plan = await git.Repo.PlanMigrationAsync(Gitea, new PluginMigrationOptions(), default);
        var pushed = await git.Repo.PushAsync(new(plan.Plan!), default);

        var revert = await git.Repo.RevertAsync(Gitea, pushed.Sha, default);
        var again = await git.Repo.RevertAsync(Gitea, pushed.Sha, default);

        Assert.False(revert.AlreadyPresent);
        Assert.Equal(3, git.Remote.CommitCount());
        Assert.Equal((revert.Sha, true), (again.Sha, again.AlreadyPresent));
        Assert.Equal(DirectoryTree(git.Remote, original), DirectoryTree(git.Remote, revert.Sha));
        Assert.NotEqual(DirectoryTree(git.Remote, original), DirectoryTree(git.Remote, pushed.Sha));
        Assert.StartsWith("Revert \"dr(gitea): backups to the Barman Cloud plugin", git.Remote.Head().MessageShort, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALaterChangeOfTheDirectoryRefusesTheRevert()
    {
        using var git = GitOpsHarness.Create(Gitea);
        var plan = await git.Repo.PlanMigrationAsync(Gitea, new PluginMigrationOptions(), default);
        var pushed = await git.Repo.PushAsync(new(plan.Plan!), default);
        git.Remote.PushFromOtherClone(dir => File.AppendAllText(Path.Combine(dir, git.Remote.DbDir, "scheduled-backup.yaml"), "# tuned\n"), "tune the schedule");

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => git.Repo.RevertAsync(Gitea, pushed.Sha, default));

        Assert.Equal(GitOpsErrorTypes.UpstreamConflict, e.ErrorType);
        Assert.Contains("\"tune the schedule\"", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, git.Remote.CommitCount());
    }

    private static string DirectoryTree(GitRemoteFixture remote, string sha)
    {
        using var bare = new Repository(remote.BarePath);
        return bare.Lookup<Commit>(sha)[remote.DbDir].Target.Sha;
    }
}
