using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Worker.Cli;
using Xunit;
using Xunit.Abstractions;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.GitOps.Migration;

/// <summary><c>cnpg-dr plan-migration</c>: prints the diff and the rendered difference, writes nothing; refused exits 3, bad input 2.</summary>
public sealed class PlanMigrationCommandTests(ITestOutputHelper log)
{
    [Fact]
    public async Task GiteaPrintsTheDiffAndTheRenderedDifferenceAndCommitsNothing()
    {
        using var remote = GitRemoteFixture.Create(PathOf(Gitea));

        var result = await RunAsync(remote, "plan-migration", "gitea");
        log.WriteLine(result.Output);

        Assert.Equal((ExitCodes.Ok, string.Empty), (result.ExitCode, result.Error));
        Assert.StartsWith("move gitea's backups to the Barman Cloud plugin (ObjectStore gitea-objectstore), write lineage stays gitea-database-v2\nplan hash: ", result.Output, StringComparison.Ordinal);
        Assert.Contains($"base: {remote.Head().Sha}\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("+++ b/infrastructure/database/cloudnative-pg/gitea/base/objectstore.yaml\n", result.Output, StringComparison.Ordinal);
        if (KustomizeRenderer.FindTool() is not null)
        {
            Assert.Contains("""
                ~ postgresql.cnpg.io/v1 ScheduledBackup cloudnative-pg/gitea-daily-backup
                    + spec.method: plugin
                """, result.Output, StringComparison.Ordinal);
            Assert.Contains("    + spec.plugins[0].parameters.serverName: gitea-database-v2\n", result.Output, StringComparison.Ordinal);
            Assert.Contains("    - spec.backup.barmanObjectStore.serverName: gitea-database-v2\n", result.Output, StringComparison.Ordinal);
        }

        Assert.Equal(1, remote.CommitCount());
        Assert.Empty(remote.LeftoverClones());
    }

    [Fact]
    public async Task PaperlessIsRefusedAsAlreadyMigratedWithExitThree()
    {
        using var remote = GitRemoteFixture.Create(PathOf(Paperless));

        var result = await RunAsync(remote, "plan-migration", "paperless");

        Assert.Equal(ExitCodes.CheckRefused, result.ExitCode);
        Assert.Equal("refused: infrastructure/database/cloudnative-pg/paperless/base/cluster.yaml is already in plugin shape (ObjectStore paperless-objectstore, lineage paperless-database-v9): nothing to migrate\n", result.Output);
    }

    [Theory]
    [InlineData("error: ObjectStore name 'Not_A_Name' is not a Kubernetes object name", "gitea", "--object-store", "Not_A_Name")]
    [InlineData("error: database directory infrastructure/database/cloudnative-pg/nextcloud not found in ", "nextcloud")]
    public async Task BadInputExitsTwoAndLeavesNoClone(string message, params string[] args)
    {
        using var remote = GitRemoteFixture.Create(PathOf(Gitea));

        var result = await RunAsync(remote, ["plan-migration", .. args]);

        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(remote.LeftoverClones());
    }

    private static Task<CliRunner.Result> RunAsync(GitRemoteFixture remote, params string[] args) =>
        CliRunner.RunAsync(
            new Dictionary<string, string?>
            {
                ["Dr:Git:RepoUrl"] = remote.Url,
                ["Dr:Git:Branch"] = remote.Branch,
                ["Dr:Git:WorkDir"] = remote.WorkDir,
            },
            args);
}
