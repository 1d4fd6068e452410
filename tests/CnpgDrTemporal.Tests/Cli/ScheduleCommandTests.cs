using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Tests.GitOps;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Cli;

/// <summary>`schedule apply` refuses, before touching Temporal, a drill for a database the repo does not have.</summary>
public sealed class ScheduleCommandTests
{
    [Fact]
    public async Task ADrillForADatabaseNotInTheRepoIsRefusedByName()
    {
        using var remote = GitRemoteFixture.Create(GitOpsFixtures.PathOf(GitOpsFixtures.Gitea));
        var settings = new Dictionary<string, string?>
        {
            ["Dr:Git:RepoUrl"] = remote.Url,
            ["Dr:Git:WorkDir"] = remote.WorkDir,
            ["Dr:Git:Branch"] = remote.Branch,
            ["Dr:Drills:gitea:Mode"] = "Local",
            ["Dr:Drills:wikijs:Mode"] = "Local",
            ["Dr:Temporal:Address"] = "127.0.0.1:1",
        };
        var r = await CliRunner.RunAsync(settings, "schedule", "apply");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("drill for wikijs refused", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Temporal", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoConfiguredDrillsIsAnError()
    {
        var r = await CliRunner.RunAsync(new Dictionary<string, string?>(), "schedule", "apply");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no drills configured", r.Error, StringComparison.Ordinal);
    }
}
