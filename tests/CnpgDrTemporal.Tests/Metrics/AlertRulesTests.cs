using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace CnpgDrTemporal.Tests.Metrics;

/// <summary>
/// The PrometheusRule's alerts pass <c>promtool check rules</c> and fire, each on its synthetic series,
/// in <c>promtool test rules</c> (prometheusrule*.test.yaml). promtool reads plain rule files: the test
/// writes the PrometheusRule's <c>spec</c> as one next to a copy of the test file.
/// </summary>
public sealed class AlertRulesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cnpg-dr-rules-").FullName;

    [PromtoolFact]
    public async Task TheRulesPassPromtoolCheck()
    {
        var r = await PromtoolAsync("check", "rules", WriteRules());
        Assert.True(r.Code == 0, r.Output);
        Assert.Contains($"SUCCESS: {AlertNames().Count} rules found", r.Output, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task EveryAlertFiresOnItsSyntheticSeries()
    {
        WriteRules();
        var tests = MonitoringFiles.RulesTests.Select(t => Path.Combine(dir, Path.GetFileName(t))).ToList();
        foreach (var (from, to) in MonitoringFiles.RulesTests.Zip(tests))
        {
            File.Copy(from, to);
        }

        var r = await PromtoolAsync(["test", "rules", .. tests]);
        Assert.True(r.Code == 0, r.Output);
        Assert.Contains("SUCCESS", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTestFileFiresEveryAlertOfTheRule()
    {
        var fired = MonitoringFiles.RulesTests
            .SelectMany(f => ((YamlSequenceNode)MonitoringFiles.Load(f)["tests"]).Children)
            .SelectMany(t => ((YamlSequenceNode)((YamlMappingNode)t)["alert_rule_test"]).Children.Cast<YamlMappingNode>())
            .Where(a => a.Children.ContainsKey("exp_alerts"))
            .Select(a => a["alertname"].ToString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(AlertNames().Order(StringComparer.Ordinal), fired.Order(StringComparer.Ordinal));
        Assert.Contains("CnpgDrRecoveryParked", fired);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static List<string> AlertNames() =>
        ((YamlSequenceNode)((YamlMappingNode)MonitoringFiles.Load(MonitoringFiles.Rules)["spec"])["groups"]).Children
            .SelectMany(g => ((YamlSequenceNode)((YamlMappingNode)g)["rules"]).Children.Cast<YamlMappingNode>())
            .Select(r => r["alert"].ToString())
            .ToList();

    private string WriteRules()
    {
        var spec = MonitoringFiles.Load(MonitoringFiles.Rules)["spec"];
        var path = Path.Combine(dir, "cnpg-dr.rules.yaml");
        using var writer = new StreamWriter(path);
        new YamlStream(new YamlDocument(spec)).Save(writer, assignAnchors: false);
        return path;
    }

    private static async Task<(int Code, string Output)> PromtoolAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(PromtoolFactAttribute.Path!, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await stdout + await stderr);
    }
}
