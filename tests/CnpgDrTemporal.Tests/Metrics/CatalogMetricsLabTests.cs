using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Activities.Metrics;
using CnpgDrTemporal.Activities.Status;
using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Worker.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CnpgDrTemporal.Tests.Metrics;

/// <summary>
/// The per-database series over the lab: a GitOps repo whose <c>app</c> writes to app-database-v2,
/// one refresh through the worker's DI wiring, a scrape of the endpoint, compared with the catalog.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class CatalogMetricsLabTests(LabFixture lab)
{
    private const string Db = "app";

    [Fact]
    public async Task AppSeriesEqualWhatTheCatalogReports()
    {
        using var endpoint = new MetricsEndpoint();
        using var repo = LabRepo.Create();
        await using var services = Services(repo, endpoint, new LastDrill(null));

        Assert.Equal(1, await services.GetRequiredService<CatalogMetrics>().RefreshAsync(default));
        var samples = await endpoint.ScrapeAsync();

        var catalog = await lab.CatalogReader().ReadAsync(Db);
        var v2 = catalog.Find(LabRepo.WriteLineage)!;
        Assert.Equal(Unix(v2.Backups.Where(b => b.IsDone).Max(b => b.EndTime)), Value(samples, MetricNames.BaseBackupLast));
        Assert.Equal(Unix(v2.Wal.LastArchivedAt), Value(samples, MetricNames.WalArchivedLast));
        Assert.Equal(Unix(v2.Backups.First(b => b.Is(VerdictCodes.DataBearing)).EndTime), Value(samples, MetricNames.RecoveryWindowStart));
        Assert.Equal(Unix(v2.Wal.LastArchivedAt), Value(samples, MetricNames.RecoveryWindowEnd));
        Assert.Equal(1, Value(samples, MetricNames.WriteLineage, (MetricNames.Labels.Lineage, LabRepo.WriteLineage)));
        Assert.Equal(catalog.Lineages.Count, Value(samples, MetricNames.Lineages));
        foreach (var code in VerdictCodes.All)
        {
            Assert.Equal(catalog.Lineages.Count(l => l.Is(code)), Value(samples, MetricNames.LineageVerdicts, (MetricNames.Labels.Verdict, code)));
        }

        // The lab plants a polluted lineage (v3) and a WAL gap (v5): the alerts' series see them.
        Assert.True(Value(samples, MetricNames.LineageVerdicts, (MetricNames.Labels.Verdict, VerdictCodes.Polluted)) >= 1);
        Assert.Equal(1, Value(samples, MetricNames.CatalogReadSuccess));
        Assert.Equal(0, Value(samples, MetricNames.DrillLast));
    }

    [Fact]
    public async Task ADrillReportMovesTheDrillSeries()
    {
        using var endpoint = new MetricsEndpoint();
        using var repo = LabRepo.Create();
        var drills = new LastDrill(null);
        await using var services = Services(repo, endpoint, drills);
        var refresh = services.GetRequiredService<CatalogMetrics>();
        await refresh.RefreshAsync(default);
        Assert.Equal(0, Value(await endpoint.ScrapeAsync(), MetricNames.DrillLast));

        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var report = new DrillReport(Db, DrillMode.Local, LabRepo.WriteLineage, "20260301T080000", at.AddMinutes(-10), at.AddMinutes(-12), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(95), 7, null, "restore failed: checksum",
            WalReplaySegmentsPerSecond: 42.5, Projection: new RestoreProjection(LabRepo.WriteLineage, "20260301T080000", 1L << 30, 2000, TimeSpan.FromMinutes(11)));
        drills.Summary = new DrillSummary(report.Verdict, at, report);
        await refresh.RefreshAsync(default);
        var samples = await endpoint.ScrapeAsync();
        Assert.Equal(Unix(at), Value(samples, MetricNames.DrillLast));
        Assert.Equal(0, Value(samples, MetricNames.DrillLastSuccess));
        Assert.Equal(95, Value(samples, MetricNames.DrillRestoreDuration));
        Assert.Equal(120, Value(samples, MetricNames.DrillRpo));
        Assert.Equal(7, Value(samples, MetricNames.DrillWalSegmentsReplayed));
        Assert.Equal(42.5, Value(samples, MetricNames.DrillWalReplayRate));
        Assert.Equal(660, Value(samples, MetricNames.DrillProjectedRestore));
    }

    [Fact]
    public async Task TheHostedReaderExportsWithinOneIntervalOfStarting()
    {
        using var endpoint = new MetricsEndpoint();
        using var repo = LabRepo.Create();
        await using var services = Services(repo, endpoint, new LastDrill(null));
        var reader = services.GetServices<IHostedService>().OfType<CatalogMetricsService>().Single();
        await reader.StartAsync(default);
        try
        {
            var samples = await Eventually.ValueAsync(
                endpoint.ScrapeAsync,
                s => s.Any(x => x.Name == MetricNames.WalArchivedLast),
                TimeSpan.FromMinutes(1),
                "the hosted catalog reader's first refresh");
            Assert.True(Value(samples, MetricNames.WalArchivedLast) > 0);
        }
        finally
        {
            await reader.StopAsync(default);
        }
    }

    private ServiceProvider Services(GitRemoteFixture repo, MetricsEndpoint endpoint, IDrillHistory drills)
    {
        var settings = lab.Settings();
        foreach (var (k, v) in LabRepo.Settings(repo))
        {
            settings[k] = v;
        }

        settings["Dr:Kubernetes:Kubeconfig"] = "/nonexistent/kubeconfig";
        settings["Dr:Metrics:ListenAddress"] = endpoint.Address;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddDrActivities(configuration)
            .AddSingleton(drills)
            .AddDrMetrics(configuration, endpoint.Runtime)
            .BuildServiceProvider();
    }

    private static double Value(IReadOnlyList<MetricSample> samples, string name, params (string Key, string Value)[] labels) =>
        MetricsEndpoint.Value(samples, name, [(MetricNames.Labels.Database, Db), .. labels]);

    private static double Unix(DateTimeOffset? at) => at!.Value.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Temporal's drill history, which needs a server; the tests set the last drill.</summary>
    private sealed class LastDrill(DrillSummary? summary) : IDrillHistory
    {
        public DrillSummary? Summary { get; set; } = summary;

        public Task<DrillSummary?> LastAsync(string database, CancellationToken ct) => Task.FromResult(Summary);
    }
}
