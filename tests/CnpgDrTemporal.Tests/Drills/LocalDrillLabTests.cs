using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Tests.Drills;

/// <summary>A local drill restores the lab lineage for real and reports RPO, duration and validation.</summary>
[Collection(LabCollection.Name)]
public sealed class LocalDrillLabTests(LabFixture lab)
{
    private DrillActivities Activities() =>
        lab.Services(new Dictionary<string, string?> { ["Dr:LocalRestore:WorkDir"] = Path.Combine(Path.GetTempPath(), $"cnpg-dr-drill-{Guid.NewGuid():N}"[..24]) })
            .GetRequiredService<DrillActivities>();

    [Fact]
    public async Task ALocalDrillOfTheLiveLineageIsGreen()
    {
        var report = await Activities().RunLocalDrillAsync(new DrillInput("app", DrillMode.Local, "app-database-v2"));
        Assert.Equal("pass", report.Verdict);
        Assert.Null(report.Failure);
        Assert.Equal(lab.Fact("v2_backup"), report.BackupId);
        Assert.Equal(lab.Fact("systemid_main"), report.Validation!.Observed!.SystemId);
        Assert.True(report.Rpo > TimeSpan.Zero);
        Assert.True(report.LastArchivedWalAt < report.StartedAt);
        Assert.True(report.RestoreDuration > TimeSpan.Zero);
        Assert.True(report.WalSegmentsReplayed > 0);
    }

    [Fact]
    public async Task ADrillOfALineageWithoutBaseBackupReportsWhyInsteadOfThrowing()
    {
        var report = await Activities().RunLocalDrillAsync(new DrillInput("app", DrillMode.Local, "app-database-v4"));
        Assert.Equal("fail", report.Verdict);
        Assert.Contains("no usable DONE backup", report.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutALineageTheNewestDataBearingOneIsDrilled()
    {
        var report = await Activities().RunLocalDrillAsync(new DrillInput("app", DrillMode.Local, TargetTime: null));
        Assert.Equal("app-database-v5", report.Lineage);
        Assert.Equal("pass", report.Verdict);
    }
}
