using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Worker.Cli;
using Xunit;
using static CnpgDrTemporal.Tests.GitOps.GitOpsFixtures;

namespace CnpgDrTemporal.Tests.GitOps;

/// <summary><c>cnpg-dr plan</c>: prints summary, hash and diff; writes nothing; bad input exits 2.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private const string PaperlessDir = $"{GitRemoteFixture.DefaultDatabasesPath}/paperless";
    private readonly string root = NewTempDir("plan-cli");

    public void Dispose() => GitCheckout.DeleteDirectory(root);

    [Fact]
    public async Task OnACopyOfPaperlessTheDiffTouchesOnlyTheLineageAndThePin()
    {
        var repo = CopyPaperless(flipBack: false);

        var (code, output, error) = await PlanLocalAsync("plan", "paperless", "--source", "paperless-database-v6", "--target-time", "2026-07-28T06:00:00Z", "--next", "paperless-database-v10", "--repo-dir", repo);

        Assert.Equal((0, string.Empty), (code, error));
        var lines = output.Split('\n');
        Assert.Equal("restore paperless from paperless-database-v6@2026-07-28T06:00:00Z, write to paperless-database-v10", lines[0]);
        Assert.Matches("^plan hash: [0-9a-f]{64}$", lines[1]);
        Assert.Equal(
            [
                "-        serverName: paperless-database-v9",
                "+        serverName: paperless-database-v10",
                "-        backupID: \"20260728T050000\"",
                "+        targetTime: \"2026-07-28T06:00:00Z\"",
            ],
            ChangedLines(output));
    }

    [Fact]
    public async Task AfterAFlipBackTheDiffTouchesOnlyTheLineageThePinAndTheFlagAndNothingIsWritten()
    {
        var repo = CopyPaperless(flipBack: true);
        var snapshot = Snapshot(repo);

        var (code, output, _) = await PlanLocalAsync("plan", "paperless", "--source", "paperless-database-v6", "--backup-id", "20260728T050000", "--next", "paperless-database-v10", "--repo-dir", repo);

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "-        serverName: paperless-database-v9",
                "+        serverName: paperless-database-v10",
                "-  # - overlays/recovery        # <- ACTIVE since the 2026-07-31 rebuild: pinned v6 backup -> clean v9",
                "-  - overlays/initdb        # steady state; flip back after recovery and data validation",
                "+  - overlays/recovery        # <- ACTIVE since the 2026-07-31 rebuild: pinned v6 backup -> clean v9",
                "+  # - overlays/initdb        # steady state; flip back after recovery and data validation",
            ],
            ChangedLines(output));
        Assert.Equal(snapshot, Snapshot(repo));
    }

    [Fact]
    public async Task WithoutARepoDirItClonesTheRemoteAndReportsTheBaseCommit()
    {
        using var remote = GitRemoteFixture.Create(PathOf(Gitea));

        var (code, output, error) = await PlanAsync(remote, "plan", "gitea", "--source", "gitea-database-v2", "--next", "gitea-database-v3");

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains($"base: {remote.Head().Sha}\n", output, StringComparison.Ordinal);
        Assert.Contains("+++ b/infrastructure/database/cloudnative-pg/gitea/kustomization.yaml", output, StringComparison.Ordinal);
        Assert.Equal(1, remote.CommitCount());
        Assert.Empty(remote.LeftoverClones());
    }

    [Theory]
    [InlineData("error: database directory infrastructure/database/cloudnative-pg/nextcloud not found in ", "nextcloud", "--source", "nextcloud-database-v1", "--next", "nextcloud-database-v2")]
    [InlineData("error: give --backup-id or --target-time, not both", "gitea", "--source", "gitea-database-v1", "--backup-id", "20260419T020000", "--target-time", "2026-04-19T03:00:00Z", "--next", "gitea-database-v3")]
    [InlineData("error: --target-time '2026-04-19T03:00:00' has no time zone", "gitea", "--source", "gitea-database-v1", "--target-time", "2026-04-19T03:00:00", "--next", "gitea-database-v3")]
    [InlineData("error: source lineage gitea-database-v3 equals the new write lineage", "gitea", "--source", "gitea-database-v3", "--next", "gitea-database-v3")]
    [InlineData("error: next lineage gitea-database-v2 is not greater than the current write lineage gitea-database-v2 in infrastructure/database/cloudnative-pg/gitea/base/cluster.yaml", "gitea", "--source", "gitea-database-v1", "--next", "gitea-database-v2")]
    [InlineData("error: missing --source <lineage>", "gitea", "--next", "gitea-database-v3")]
    public async Task BadInputExitsTwoWithOneMessageAndNoCommit(string message, params string[] args)
    {
        using var remote = GitRemoteFixture.Create(PathOf(Gitea));

        var (code, output, error) = await PlanAsync(remote, ["plan", .. args]);

        Assert.Equal(ExitCodes.Error, code);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.Equal(1, remote.CommitCount());
        Assert.Empty(remote.LeftoverClones());
    }

    [Fact]
    public async Task AMissingBranchExitsTwo()
    {
        using var remote = GitRemoteFixture.Create(PathOf(Gitea));

        var (code, _, error) = await PlanAsync(remote, new Dictionary<string, string?> { ["Dr:Git:Branch"] = "prod" }, "plan", "gitea", "--source", "gitea-database-v1", "--next", "gitea-database-v3");

        Assert.Equal((ExitCodes.Error, $"error: branch prod not found on {remote.Url} (Dr:Git:Branch)\n"), (code, error));
    }

    [Fact]
    public async Task ARecoveryPatchWithoutDatabaseOnTheRemoteExitsTwo()
    {
        using var remote = GitRemoteFixture.Create(PathOf(Gitea));
        remote.PushFromOtherClone(
            dir =>
            {
                var patch = Path.Combine(dir, remote.DbDir, "overlays", "recovery", "bootstrap-patch.yaml");
                File.WriteAllText(patch, ReplaceLine(File.ReadAllText(patch), "      database: gitea          # required: CNPG defaults to \"app\""));
            },
            "drop database");

        var (code, _, error) = await PlanAsync(remote, "plan", "gitea", "--source", "gitea-database-v1", "--next", "gitea-database-v3");

        Assert.Equal(ExitCodes.Error, code);
        Assert.StartsWith($"error: {remote.DbDir}/overlays/recovery/bootstrap-patch.yaml has no spec.bootstrap.recovery.database", error, StringComparison.Ordinal);
        Assert.Equal(2, remote.CommitCount());
    }

    private string CopyPaperless(bool flipBack)
    {
        var repo = Path.Combine(root, "repo");
        CopyDirectory(PathOf(Paperless), Path.Combine(repo, PaperlessDir));
        if (flipBack)
        {
            var files = DbFiles.Load(repo, PaperlessDir, Paperless);
            GitOpsEdits.FlipBack(files).WriteChanges(repo, files);
        }

        return repo;
    }

    private static List<string> ChangedLines(string output) =>
        output.Split('\n')
            .Where(l => (l.StartsWith('-') || l.StartsWith('+')) && !l.StartsWith("---", StringComparison.Ordinal) && !l.StartsWith("+++", StringComparison.Ordinal))
            .ToList();

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

    private Task<(int, string, string)> PlanLocalAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string?> { ["Dr:Git:WorkDir"] = Path.Combine(root, "work"), ["Dr:Git:RepoUrl"] = "file:///nonexistent" }, args);

    private static Task<(int, string, string)> PlanAsync(GitRemoteFixture remote, params string[] args) =>
        PlanAsync(remote, new Dictionary<string, string?>(), args);

    private static Task<(int, string, string)> PlanAsync(GitRemoteFixture remote, Dictionary<string, string?> extra, params string[] args)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dr:Git:RepoUrl"] = remote.Url,
            ["Dr:Git:Branch"] = remote.Branch,
            ["Dr:Git:WorkDir"] = remote.WorkDir,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return RunAsync(settings, args);
    }

    private static async Task<(int, string, string)> RunAsync(Dictionary<string, string?> settings, string[] args)
    {
        var r = await CliRunner.RunAsync(settings, args);
        return (r.ExitCode, r.Output, r.Error);
    }
}
