using System.Globalization;
using System.Text.RegularExpressions;
using CnpgDrTemporal.Worker.Metrics;
using Temporalio.Runtime;
using MetricsOptions = CnpgDrTemporal.Worker.Metrics.MetricsOptions;

namespace CnpgDrTemporal.Tests.Metrics;

/// <summary>A sample of the Prometheus text format: name, labels, value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// The worker's metrics runtime (<see cref="MetricsRuntime"/>) serving on a free local port, and a
/// scrape of it over HTTP, parsed into samples.
/// </summary>
public sealed partial class MetricsEndpoint : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public MetricsEndpoint()
    {
        Address = MetricsRuntime.FreeLoopbackAddress();
        Runtime = MetricsRuntime.Create(new MetricsOptions { ListenAddress = Address })!;
    }

    public string Address { get; }

    public TemporalRuntime Runtime { get; }

    public async Task<IReadOnlyList<MetricSample>> ScrapeAsync()
    {
        var text = await http.GetStringAsync(new Uri($"http://{Address}/metrics"));
        return Parse(text);
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public static double Value(IReadOnlyList<MetricSample> samples, string name, params (string Key, string Value)[] labels)
    {
        var hits = samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        Assert.True(hits.Count == 1, $"{hits.Count} samples of {name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}}; exported: {string.Join(", ", samples.Select(s => s.Name).Distinct())}");
        return hits[0].Value;
    }

    public static IReadOnlyList<MetricSample> Parse(string text) =>
        text.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => SampleLine().Match(l))
            .Where(m => m.Success)
            .Select(m => new MetricSample(
                m.Groups["name"].Value,
                LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(p => p.Groups[1].Value, p => p.Groups[2].Value, StringComparer.Ordinal),
                double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))
            .ToList();

    public void Dispose() => http.Dispose();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
