using CnpgDrTemporal.Tests.Git;
using System.Text.Json;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Status;

/// <summary>`status` over the lab: git flag and lineage, S3 freshness; an unreachable cluster and Temporal become notes.</summary>
[Collection(LabCollection.Name)]
public sealed class StatusLabTests(LabFixture lab)
{
    private Dictionary<string, string?> Settings(GitRemoteFixture repo)
    {
        var s = lab.Settings();
        foreach (var (k, v) in LabRepo.Settings(repo))
        {
            s[k] = v;
        }

        s["Dr:Kubernetes:Kubeconfig"] = "/nonexistent/kubeconfig";
        s["Dr:Temporal:Address"] = "127.0.0.1:1";
        return s;
    }

    [Fact]
    public async Task OneLinePerDatabaseWithLineageAndBackupAges()
    {
        using var repo = LabRepo.Create();
        var r = await CliRunner.RunAsync(Settings(repo), "status");
        Assert.Equal(0, r.ExitCode);
        var line = r.Output.Split('\n').Single(l => l.StartsWith("app ", StringComparison.Ordinal));
        Assert.Contains("initdb", line, StringComparison.Ordinal);
        Assert.Contains(LabRepo.WriteLineage, line, StringComparison.Ordinal);
        Assert.Matches(@"\d+[mhd] ago\s+\d+[mhd] ago", line);
        Assert.Contains("cluster: ", r.Output, StringComparison.Ordinal);
        Assert.Contains("no drill history", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonCarriesTheSameFacts()
    {
        using var repo = LabRepo.Create();
        var r = await CliRunner.RunAsync(Settings(repo), "status", "--json");
        Assert.Equal(0, r.ExitCode);
        var app = JsonDocument.Parse(r.Output).RootElement.GetProperty("databases").EnumerateArray().Single();
        Assert.Equal("app", app.GetProperty("database").GetString());
        Assert.Equal("initdb", app.GetProperty("mode").GetString());
        Assert.Equal(LabRepo.WriteLineage, app.GetProperty("writeLineage").GetString());
        Assert.True(app.GetProperty("lastArchivedWalAt").GetDateTimeOffset() > lab.Time("ts_c"));
        Assert.True(app.GetProperty("lastBackupAge").GetString() is { Length: > 0 });
    }
}
