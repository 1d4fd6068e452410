using CnpgDrTemporal.Activities.Metrics;
using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Metrics;

/// <summary><c>metrics</c> over the lab: the per-database series in Prometheus text; a bad listen address is refused.</summary>
[Collection(LabCollection.Name)]
public sealed class MetricsVerbTests(LabFixture lab)
{
    [Fact]
    public async Task PrintsTheAppSeriesOfOneRefresh()
    {
        using var repo = LabRepo.Create();
        var r = await CliRunner.RunAsync(Settings(repo), "metrics");
        Assert.True(r.ExitCode == 0, r.Error);
        var samples = MetricsEndpoint.Parse(r.Output);
        var catalog = await lab.CatalogReader().ReadAsync("app");
        Assert.Equal(catalog.Lineages.Count, MetricsEndpoint.Value(samples, MetricNames.Lineages, ("database", "app")));
        Assert.Equal(1, MetricsEndpoint.Value(samples, MetricNames.WriteLineage, ("database", "app"), ("lineage", LabRepo.WriteLineage)));
        Assert.All(samples, s => Assert.StartsWith(MetricNames.Prefix, s.Name, StringComparison.Ordinal));
        Assert.StartsWith("# cnpg-dr: no drill series: cannot connect to Temporal at 127.0.0.1:1", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadListenAddressIsRefusedBeforeAnyRead()
    {
        using var repo = LabRepo.Create();
        var settings = Settings(repo);
        settings["Dr:Metrics:ListenAddress"] = "metrics.example:9464";
        var r = await CliRunner.RunAsync(settings, "metrics", "--serve");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Dr:Metrics:ListenAddress 'metrics.example:9464' is not IP:port", r.Error, StringComparison.Ordinal);
        Assert.Empty(r.Output);
    }

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
}
