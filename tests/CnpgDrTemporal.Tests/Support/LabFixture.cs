using System.Diagnostics;
using System.Text.Json;
using Amazon.S3;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Backups;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Tests.Support;

/// <summary>
/// The project's lab (tests/lab/lab.sh): real Ceph RGW, real PostgreSQL, real Barman lineages.
/// Started once per test run, or reused when one is already up. Never skipped: no lab, no pass.
/// </summary>
public sealed class LabFixture
{
    public LabFixture()
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "lab", "lab.sh");
        var psi = new ProcessStartInfo("bash", [script, "up"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + script);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(12)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("tests/lab/lab.sh up did not finish in 12 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tests/lab/lab.sh up failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }

        var dir = Environment.GetEnvironmentVariable("CNPG_DR_LAB") ?? "/tmp/cnpg-dr-lab";
        Facts = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "lab.json"))).RootElement.Clone();

        // The S3 client reads the standard variables, as the worker does in production.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", Fact("accessKey"));
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", Fact("secretKey"));
        Environment.SetEnvironmentVariable(LabPasswordEnvVar, Fact("appPassword"));
    }

    public JsonElement Facts { get; }

    public string Endpoint => Fact("endpoint");

    public string Bucket => Fact("bucket");

    public string Fact(string name) =>
        Facts.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetRawText() : Facts.GetProperty(name).GetString()!;

    public DateTimeOffset Time(string name) => DateTimeOffset.Parse(Fact(name), System.Globalization.CultureInfo.InvariantCulture);

    public S3Options S3Options(string prefix = "cnpg") => new() { ServiceUrl = Endpoint, Bucket = Bucket, Prefix = prefix };

    public Dictionary<string, string?> Settings(string prefix = "cnpg") => new()
    {
        ["Dr:S3:ServiceUrl"] = Endpoint,
        ["Dr:S3:Bucket"] = Bucket,
        ["Dr:S3:Prefix"] = prefix,
    };

    public BackupCatalogReader CatalogReader(S3Options? options = null) =>
        new(new BucketReaderFactory(Options.Create(options ?? S3Options())), NullLogger<BackupCatalogReader>.Instance);

    public TargetChecker TargetChecker(S3Options? options = null)
    {
        var o = Options.Create(options ?? S3Options());
        return new TargetChecker(new BackupCatalogReader(new BucketReaderFactory(o), NullLogger<BackupCatalogReader>.Instance), new BucketReaderFactory(o));
    }

    /// <summary>The worker's DI container over the lab, with extra settings on top.</summary>
    public ServiceProvider Services(IDictionary<string, string?>? extra = null)
    {
        var settings = Settings();
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddDrActivities(configuration).BuildServiceProvider();
    }

    /// <summary>Settings that point <c>Dr:Databases:app:Sql</c> at a lab server as the app user.</summary>
    public Dictionary<string, string?> SqlSettings(string portFact = "livePort", string passwordEnvVar = LabPasswordEnvVar) => new()
    {
        ["Dr:Databases:app:Sql:Host"] = "127.0.0.1",
        ["Dr:Databases:app:Sql:Port"] = Fact(portFact),
        ["Dr:Databases:app:Sql:Username"] = Fact("appUser"),
        ["Dr:Databases:app:Sql:PasswordEnvVar"] = passwordEnvVar,
        ["Dr:Databases:app:Sql:ConnectTimeoutSeconds"] = "3",
    };

    public const string LabPasswordEnvVar = "CNPG_DR_LAB_APP_PASSWORD";

    /// <summary>A client that may write: only tests use it, to plant broken objects under their own prefix.</summary>
    public AmazonS3Client WritableClient() => BucketReaderFactory.CreateClient(S3Options());
}

[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "lab";
}
