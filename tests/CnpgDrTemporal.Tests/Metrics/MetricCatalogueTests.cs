using System.Text.Json;
using CnpgDrTemporal.Activities.Metrics;
using YamlDotNet.RepresentationModel;

namespace CnpgDrTemporal.Tests.Metrics;

/// <summary>
/// The dashboard and the alert rules name only metrics of <see cref="MetricNames"/>, the catalogue the
/// exporter creates its metrics from; the dashboard ships in a ConfigMap Grafana's sidecar loads.
/// </summary>
public sealed class MetricCatalogueTests
{
    [Theory]
    [InlineData("prometheusrule.yaml")]
    [InlineData("cnpg-dr-dashboard.json")]
    public void EveryReferencedMetricIsOneTheEndpointExports(string file)
    {
        var referenced = MonitoringFiles.ReferencedMetrics(Path.Combine(MonitoringFiles.Directory, file));
        Assert.NotEmpty(referenced);
        Assert.Empty(referenced.Except(MetricNames.All));
    }

    [Fact]
    public void TheDashboardShowsEveryDatabaseAndRecoverySeries()
    {
        var referenced = MonitoringFiles.ReferencedMetrics(MonitoringFiles.Dashboard);
        string[] notShown = [MetricNames.CatalogRead, MetricNames.CatalogReadSuccess];
        Assert.Empty(MetricNames.All.Except(notShown).Except(referenced));
        using var dashboard = JsonDocument.Parse(File.ReadAllText(MonitoringFiles.Dashboard));
        Assert.Contains(dashboard.RootElement.GetProperty("panels").EnumerateArray(), p => p.GetProperty("type").GetString() == "row" && p.TryGetProperty("repeat", out var r) && r.GetString() == "database");
    }

    [Fact]
    public void TheDashboardConfigMapCarriesTheGrafanaSidecarLabel()
    {
        var generator = (YamlMappingNode)((YamlSequenceNode)MonitoringFiles.Load(MonitoringFiles.Kustomization)["configMapGenerator"]).Children.Single();
        Assert.Equal(["cnpg-dr-dashboard.json"], ((YamlSequenceNode)generator["files"]).Children.Select(f => f.ToString()));
        var labels = (YamlMappingNode)((YamlMappingNode)generator["options"])["labels"];
        Assert.Equal("1", labels["grafana_dashboard"].ToString());
        var resources = ((YamlSequenceNode)MonitoringFiles.Load(MonitoringFiles.Kustomization)["resources"]).Children.Select(r => r.ToString()).ToList();
        Assert.All(resources, r => Assert.True(File.Exists(Path.Combine(MonitoringFiles.Directory, r)), r));
        Assert.Contains("podmonitor.yaml", resources);
    }
}
