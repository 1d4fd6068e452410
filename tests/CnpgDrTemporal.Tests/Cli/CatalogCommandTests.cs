using System.Text.Json;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Cli;

/// <summary>The `catalog` verb: table, JSON contract, target check exit codes.</summary>
[Collection(LabCollection.Name)]
public sealed class CatalogCommandTests(LabFixture lab)
{
    [Fact]
    public async Task TablePrintsEveryLineageWithVerdicts()
    {
        var r = await CliRunner.RunAsync(lab.Settings(), "catalog", "app");
        Assert.Equal(0, r.ExitCode);
        foreach (var n in new[] { 1, 2, 3, 4, 5 })
        {
            Assert.Contains($"== app-database-v{n}", r.Output, StringComparison.Ordinal);
        }

        Assert.Contains("polluted", r.Output, StringComparison.Ordinal);
        Assert.Contains("no-base-backup", r.Output, StringComparison.Ordinal);
        Assert.Contains(lab.Fact("v1_backup2"), r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonUsesTheDocumentedCamelCaseNames()
    {
        var r = await CliRunner.RunAsync(lab.Settings(), "catalog", "app", "--json");
        Assert.Equal(0, r.ExitCode);
        var root = JsonDocument.Parse(r.Output).RootElement;
        var v1 = root.GetProperty("lineages").EnumerateArray().Single(l => l.GetProperty("serverName").GetString() == "app-database-v1");
        Assert.Equal("data-bearing", v1.GetProperty("verdicts")[0].GetProperty("code").GetString());
        var backup = v1.GetProperty("backups")[0];
        Assert.Equal(lab.Fact("v1_backup1"), backup.GetProperty("backupId").GetString());
        Assert.Equal("DONE", backup.GetProperty("status").GetString());
        Assert.Equal(lab.Fact("systemid_main"), backup.GetProperty("systemId").GetString());
        Assert.True(backup.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.True(backup.TryGetProperty("endTime", out _));
        Assert.Equal("data-bearing", backup.GetProperty("verdicts")[0].GetProperty("code").GetString());
        Assert.Equal(lab.Fact("v1_last_wal"), v1.GetProperty("wal").GetProperty("timelines")[0].GetProperty("lastSegment").GetString());
        Assert.True(v1.GetProperty("wal").GetProperty("lastArchivedAt").GetDateTimeOffset() > lab.Time("ts_a"));
    }

    [Fact]
    public async Task TargetCheckExitsZeroWhenReachableAndThreeWhenNot()
    {
        var ok = await CliRunner.RunAsync(lab.Settings(), "catalog", "app", "--lineage", "app-database-v1", "--target-time", lab.Fact("ts_a"));
        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith("REACHABLE", ok.Output, StringComparison.Ordinal);
        var late = await CliRunner.RunAsync(lab.Settings(), "catalog", "app", "--lineage", "app-database-v1", "--target-time", lab.Time("ts_c").AddDays(1).ToString("O"));
        Assert.Equal(3, late.ExitCode);
        Assert.StartsWith("NOT REACHABLE", late.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownDatabasePrintsAnEmptyCatalogAndExitsZero()
    {
        var r = await CliRunner.RunAsync(lab.Settings(), "catalog", "nothing-here");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("0 lineage(s)", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableEndpointExitsTwoWithOneLine()
    {
        var settings = lab.Settings();
        settings["Dr:S3:ServiceUrl"] = "http://127.0.0.1:9";
        settings["Dr:S3:RequestTimeout"] = "00:00:03";
        var r = await CliRunner.RunAsync(settings, "catalog", "app");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Error.Trim().Split('\n'));
        Assert.Contains("http://127.0.0.1:9", line, StringComparison.Ordinal);
        Assert.Contains("postgres-backups", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyBucketSettingExitsTwoWithOneLineNamingTheKey()
    {
        // Seen by hand: Dr__S3__Bucket= crashed the verb with the AWS SDK's stack trace.
        var settings = lab.Settings();
        settings["Dr:S3:Bucket"] = string.Empty;
        var r = await CliRunner.RunAsync(settings, "catalog", "app");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Error.Trim().Split('\n'));
        Assert.StartsWith("error: Dr:S3:Bucket is empty", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimeWithoutZoneIsAUsageError()
    {
        var r = await CliRunner.RunAsync(lab.Settings(), "catalog", "app", "--target-time", "2026-01-01T00:00:00");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no time zone", r.Error, StringComparison.Ordinal);
    }
}
