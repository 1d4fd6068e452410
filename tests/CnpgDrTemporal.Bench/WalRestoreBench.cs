using System.Globalization;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Bench;

/// <summary>
/// Restores the WAL bench lineage twice in one run, with the per-segment Barman tool (prefetch 0) and
/// with the prefetch, and prints segments per second for both and the ratio.
/// </summary>
public static class WalRestoreBench
{
    public sealed record Run(string Label, int Segments, TimeSpan Replay)
    {
        public double PerSecond => Segments / Replay.TotalSeconds;
    }

    public static async Task<int> RunAsync(Dictionary<string, string?> s3Settings, int prefetch)
    {
        var perSegment = await RestoreAsync(s3Settings, "barman-cloud-wal-restore per segment", 0);
        var prefetched = await RestoreAsync(s3Settings, $"prefetch {prefetch}", prefetch);
        var ratio = prefetched.PerSecond / perSegment.PerSecond;
        foreach (var r in new[] { perSegment, prefetched })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Label,-40} {r.Segments,5} segments  replay {r.Replay.TotalSeconds,7:F1} s  {r.PerSecond,7:F1} segments/s"));
        }

        var met = ratio >= 10 && prefetched.PerSecond >= 50;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {ratio:F1}x; goals: >= 10x {(ratio >= 10 ? "met" : "MISSED")}, >= 50 segments/s {(prefetched.PerSecond >= 50 ? "met" : "MISSED")}"));
        return met ? 0 : 1;
    }

    private static async Task<Run> RestoreAsync(Dictionary<string, string?> s3Settings, string label, int prefetch)
    {
        var settings = new Dictionary<string, string?>(s3Settings)
        {
            ["Dr:LocalRestore:WalPrefetch"] = prefetch.ToString(CultureInfo.InvariantCulture),
            ["Dr:LocalRestore:SpoolMaxBytes"] = (512L << 20).ToString(CultureInfo.InvariantCulture),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddDrActivities(configuration).BuildServiceProvider();
        var restorer = services.GetRequiredService<LocalRestorer>();
        Console.WriteLine($"restoring {WalBenchLineage.ServerName} with {label} ...");
        await using var instance = await restorer.StartAsync(new LocalRestoreRequest(WalBenchLineage.Database, WalBenchLineage.ServerName), null, default);
        var stats = instance.Prefetch is { } p ? $" (spool: {p.TakenFromSpool} taken, {p.Downloaded} downloaded, {p.Refused} refused, peak {p.PeakSpoolBytes >> 20} MiB of {p.MaxSpoolBytes >> 20} MiB)" : string.Empty;
        Console.WriteLine($"  {instance.Log.WalFilesRestored} WAL files restored in {instance.Timings().WalReplay.TotalSeconds:F1} s{stats}");
        return new Run(label, instance.Log.WalFilesRestored, instance.Timings().WalReplay);
    }
}
