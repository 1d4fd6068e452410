using System.Text.RegularExpressions;
using CnpgDrTemporal.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace CnpgDrTemporal.Tests.Metrics;

/// <summary>The files of <c>deploy/monitoring/</c> as the tests read them.</summary>
public static partial class MonitoringFiles
{
    public static string Directory => Path.Combine(RepoPaths.Root, "deploy", "monitoring");

    public static string Rules => Path.Combine(Directory, "prometheusrule.yaml");

    public static string Dashboard => Path.Combine(Directory, "cnpg-dr-dashboard.json");

    public static string Kustomization => Path.Combine(Directory, "kustomization.yaml");

    /// <summary>The promtool unit tests of the rules: minutes-scale and days-scale alerts.</summary>
    public static IReadOnlyList<string> RulesTests { get; } =
        new[] { "prometheusrule.test.yaml", "prometheusrule-days.test.yaml" }.Select(f => Path.Combine(RepoPaths.Root, "tests", "CnpgDrTemporal.Tests", "Metrics", f)).ToList();

    public static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    /// <summary>Every <c>cnpg_dr_*</c> metric a file's queries name, histogram suffixes folded onto the histogram.</summary>
    public static IReadOnlySet<string> ReferencedMetrics(string path) =>
        MetricName().Matches(File.ReadAllText(path)).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"(?<name>cnpg_dr_[a-z0-9_]+?)(_bucket|_sum|_count)?(?![a-z0-9_])")]
    private static partial Regex MetricName();
}
