using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>Real barman-cloud-restore + PostgreSQL replay of the lab's lineages into throwaway instances.</summary>
[Collection(LabCollection.Name)]
public sealed class LocalRestoreLabTests(LabFixture lab)
{
    private readonly string workDir = Path.Combine(Path.GetTempPath(), $"cnpg-dr-restore-test-{Guid.NewGuid():N}");

    private LocalRestorer Restorer(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Dr:LocalRestore:WorkDir"] = workDir };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        return lab.Services(settings).GetRequiredService<LocalRestorer>();
    }

    [Fact]
    public async Task PointInTimeRestoreOfTheHealthyLineageHasTheRecordedRowsAndValidatesGreen()
    {
        var baseline = new Baseline("app", lab.Fact("systemid_main"), 1, "15", 0, [new TableRows("public", "orders", long.Parse(lab.Fact("count_a"), System.Globalization.CultureInfo.InvariantCulture), true)], DateTimeOffset.UtcNow);
        var report = await Restorer().RestoreAsync(new LocalRestoreRequest("app", "app-database-v1", TargetTime: lab.Time("ts_a"), Baseline: baseline), default);

        Assert.True(report.Passed, string.Join("\n", report.Validation.Checks.Select(c => $"{c.Name}: {c.Actual}")));
        Assert.Equal(lab.Fact("v1_backup1"), report.BackupId);
        var orders = report.Validation.Observed!.Tables.Single(t => t.Name == "orders");
        Assert.Equal(long.Parse(lab.Fact("count_a"), System.Globalization.CultureInfo.InvariantCulture), orders.Rows);
        Assert.Equal(lab.Fact("systemid_main"), report.Validation.Observed.SystemId);
        Assert.True(report.WalSegmentsRestored > 0);
        Assert.True(report.Timings.Download > TimeSpan.Zero && report.Timings.WalReplay > TimeSpan.Zero);
        Assert.True(report.Timings.Total >= report.Timings.Download + report.Timings.WalReplay);
        AssertNothingLeft();
    }

    [Fact]
    public async Task TargetPastTheLastWalFailsAsRecoveryTargetUnreachableAndLeavesNothing()
    {
        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            Restorer().RestoreAsync(new LocalRestoreRequest("app", "app-database-v1", TargetTime: lab.Time("ts_c").AddHours(2)), default));
        Assert.Equal("RecoveryTargetUnreachable", e.ErrorType);
        Assert.True(e.NonRetryable);
        Assert.Contains("recovery ended before configured recovery target was reached", e.Message, StringComparison.Ordinal);
        AssertNothingLeft();
    }

    [Fact]
    public async Task MissingPostgresBinariesAreNamedWithTheirDebianPackage()
    {
        var e = await Assert.ThrowsAsync<DrException>(() =>
            Restorer(new Dictionary<string, string?> { ["Dr:LocalRestore:PgBinDir"] = "/nonexistent/{major}/bin" })
                .RestoreAsync(new LocalRestoreRequest("app", "app-database-v1"), default));
        Assert.Contains("postgresql-15", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workDir) && Directory.EnumerateFileSystemEntries(workDir).Any());
    }

    private void AssertNothingLeft()
    {
        Assert.Empty(Directory.Exists(workDir) ? Directory.EnumerateFileSystemEntries(workDir) : []);
        var running = Directory.EnumerateDirectories("/proc")
            .Select(d => Path.Combine(d, "cmdline"))
            .Where(File.Exists)
            .Select(f => { try { return File.ReadAllText(f); } catch (IOException) { return string.Empty; } })
            .Where(cmd => cmd.Contains(workDir, StringComparison.Ordinal));
        Assert.Empty(running);
    }
}
