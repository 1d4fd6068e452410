using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Bench;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Catalog speed on a lineage with 100,000 WAL keys, next to a full listing of the same prefix;
// with "wal [segments] [prefetch] [--prefetch-only]": local restore speed, per-segment Barman tool against the prefetch.
// Needs the lab's S3 server: run tests/lab/lab.sh up first.
var labDir = Environment.GetEnvironmentVariable("CNPG_DR_LAB") ?? "/tmp/cnpg-dr-lab";
var facts = JsonDocument.Parse(File.ReadAllText(Path.Combine(labDir, "lab.json"))).RootElement;
Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", facts.GetProperty("accessKey").GetString());
Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", facts.GetProperty("secretKey").GetString());
var options = new S3Options { ServiceUrl = facts.GetProperty("endpoint").GetString(), Bucket = facts.GetProperty("bucket").GetString()!, Prefix = "bench" };
if (args.Length > 0 && args[0] == "wal")
{
    var segments = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 240;
    using (var s3 = BucketReaderFactory.CreateClient(options))
    {
        await WalBenchLineage.EnsureAsync(s3, options.Bucket, options.Prefix, options.ServiceUrl!, segments, facts.GetProperty("pgBin").GetString()!);
    }

    var s3Settings = new Dictionary<string, string?> { ["Dr:S3:ServiceUrl"] = options.ServiceUrl, ["Dr:S3:Bucket"] = options.Bucket, ["Dr:S3:Prefix"] = options.Prefix };
    return await WalRestoreBench.RunAsync(s3Settings, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8, args.Contains("--prefetch-only"));
}

var walKeys = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var lineagePrefix = $"bench/big/big-database-v1/";

using (var s3 = BucketReaderFactory.CreateClient(options))
{
    await BenchLineage.EnsureAsync(s3, options.Bucket, lineagePrefix, walKeys);
}

var factory = new BucketReaderFactory(Options.Create(options));
var reader = new BackupCatalogReader(factory, NullLogger<BackupCatalogReader>.Instance);
await reader.ReadAsync("big"); // warm-up: JIT, connection pool

var catalogBucket = factory.Create();
var sw = Stopwatch.StartNew();
var catalog = await reader.ReadAsync("big", false, catalogBucket);
var catalogTime = sw.Elapsed;
foreach (var (call, took) in catalogBucket.Calls)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {took.TotalMilliseconds,7:F1} ms  {call}"));
}


var full = factory.Create();
sw.Restart();
var listing = await full.ListAllAsync(lineagePrefix);
var fullTime = sw.Elapsed;

var lineage = catalog.Lineages[0];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lineage {lineage.ServerName}: {listing.Objects.Count:N0} objects, WAL {lineage.Wal.Timelines[0].FirstSegment}..{lineage.Wal.Timelines[0].LastSegment}, verdicts [{string.Join(", ", lineage.Verdicts.Select(v => v.Code))}]"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalog:      {catalog.S3Requests,5} S3 requests  {catalogTime.TotalMilliseconds,9:F0} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full listing: {full.Requests,5} S3 requests  {fullTime.TotalMilliseconds,9:F0} ms"));
var speedup = fullTime / catalogTime;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed-up {speedup:F1}x; goals: <= 60 requests {(catalog.S3Requests <= 60 ? "met" : "MISSED")}, >= 10x {(speedup >= 10 ? "met" : "MISSED")}"));
return catalog.S3Requests <= 60 && speedup >= 10 ? 0 : 1;
