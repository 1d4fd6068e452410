using System.Diagnostics;
using System.Globalization;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Bench;

/// <summary>
/// Restores the WAL bench lineage in one run with the per-segment Barman tool (prefetch 0) and with the
/// prefetch, and prints segments per second for both and the ratio.
/// </summary>
public static class WalRestoreBench
{
    public sealed record Run(string Label, int Segments, TimeSpan Replay)
    {
        public double PerSecond => Segments / Replay.TotalSeconds;
    }

    /// <summary>
    /// The first prefetch restore of a process also pays for compiling the restore path, taken from the
    /// replay's CPU; a worker pays that once after it starts. It is printed as "cold". Then three "warm"
    /// restores, as every drill after the first, and the goal is judged on their median: one restore on a
    /// two-core machine varies by a fifth from run to run. <paramref name="prefetchOnly"/> skips the
    /// four-minute per-segment run while tuning; then there is no ratio.
    /// </summary>
    public static async Task<int> RunAsync(Dictionary<string, string?> s3Settings, int prefetch, bool prefetchOnly = false)
    {
        var cold = await RestoreAsync(s3Settings, $"prefetch {prefetch}, cold (first in the process)", prefetch);
        var perSegment = prefetchOnly ? null : await RestoreAsync(s3Settings, "barman-cloud-wal-restore per segment", 0);
        var warm = new List<Run>();
        for (var i = 1; i <= 3; i++)
        {
            warm.Add(await RestoreAsync(s3Settings, $"prefetch {prefetch}, warm #{i}", prefetch));
        }

        var median = warm.OrderBy(r => r.PerSecond).ElementAt(1);
        foreach (var r in new[] { perSegment, cold }.OfType<Run>().Concat(warm))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Label,-40} {r.Segments,5} segments  replay {r.Replay.TotalSeconds,7:F1} s  {r.PerSecond,7:F1} segments/s"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prefetch {prefetch}, median of the warm runs: {median.PerSecond:F1} segments/s"));
        if (perSegment is null)
        {
            Console.WriteLine("no per-segment run: no ratio");
            return median.PerSecond >= 50 ? 0 : 1;
        }

        var ratio = median.PerSecond / perSegment.PerSecond;
        var met = ratio >= 10 && median.PerSecond >= 50;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {ratio:F1}x; goals: >= 10x {(ratio >= 10 ? "met" : "MISSED")}, >= 50 segments/s {(median.PerSecond >= 50 ? "met" : "MISSED")}"));
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
        // CNPG_DR_BENCH_PGLOG=<file> keeps the server log (the workspace goes with the instance) to see where the time went.
        var keepLog = Environment.GetEnvironmentVariable("CNPG_DR_BENCH_PGLOG") is { Length: > 0 } path ? new StreamWriter($"{path}.{prefetch}") { AutoFlush = true } : null;
        await using var log = keepLog;
        // The worker's own CPU while the server replays: on a small machine it is taken from the replay.
        TimeSpan? cpuAtStart = null, cpuAtEnd = null;
        void OnLine(string line)
        {
            keepLog?.WriteLine(line);
            if (line.Contains("starting archive recovery", StringComparison.Ordinal))
            {
                cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            }
            else if (line.Contains("archive recovery complete", StringComparison.Ordinal))
            {
                cpuAtEnd = Process.GetCurrentProcess().TotalProcessorTime;
            }
        }

        await using var instance = await restorer.StartAsync(new LocalRestoreRequest(WalBenchLineage.Database, WalBenchLineage.ServerName), OnLine, default);
        var stats = instance.Prefetch is { } p ? $" (spool: {p.TakenFromSpool} taken, {p.Downloaded} downloaded, {p.Refused} refused, {p.AnsweredFound + p.AnsweredAbsent} requests answered from S3, {p.AskedBarman} from Barman, peak {p.PeakSpoolBytes >> 20} MiB of {p.MaxSpoolBytes >> 20} MiB)" : string.Empty;
        var cpu = cpuAtEnd - cpuAtStart is { } used ? string.Create(CultureInfo.InvariantCulture, $"; worker CPU during replay {used.TotalSeconds:F2} s") : string.Empty;
        Console.WriteLine($"  {instance.Log.WalFilesRestored} WAL files restored in {instance.Timings().WalReplay.TotalSeconds:F1} s{stats}{cpu}");
        return new Run(label, instance.Log.WalFilesRestored, instance.Timings().WalReplay);
    }
}
