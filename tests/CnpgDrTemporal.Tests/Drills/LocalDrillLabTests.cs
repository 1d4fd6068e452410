using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Tests.Drills;

/// <summary>A local drill restores the lab lineage for real and reports RPO, duration and validation.</summary>
[Collection(LabCollection.Name)]
public sealed class LocalDrillLabTests(LabFixture lab)
{
    private DrillActivities Activities(string? heartbeatInterval = null)
    {
        var settings = new Dictionary<string, string?> { ["Dr:LocalRestore:WorkDir"] = Path.Combine(Path.GetTempPath(), $"cnpg-dr-drill-{Guid.NewGuid():N}"[..24]) };
        if (heartbeatInterval is not null)
        {
            settings["Dr:Kubernetes:HeartbeatInterval"] = heartbeatInterval;
        }

        return lab.Services(settings).GetRequiredService<DrillActivities>();
    }

    /// <summary>
    /// The drill's activity has a 2-minute heartbeat timeout: each step, not only WAL replay, must heartbeat
    /// on the configured interval while it runs, the base backup download above all.
    /// </summary>
    [Fact]
    public async Task ALocalDrillActivityHeartbeatsInEveryStepAndWhileTheBaseBackupDownloads()
    {
        var beats = new HeartbeatRecorder();
        var report = await beats.RunAsActivityAsync(() => Activities("00:00:00.020").RunLocalDrillAsync(new DrillInput("app", DrillMode.Local, "app-database-v2")));

        Assert.Equal("pass", report.Verdict);
        var downloading = $"downloading base backup {lab.Fact("v2_backup")} of app-database-v2";
        int[] steps =
        [
            beats.First("reading the catalog of app"),
            beats.First(downloading),
            beats.First("replaying WAL: "),
            beats.First("validating the restored app"),
            beats.First("stopping the throwaway PostgreSQL"),
        ];
        Assert.True(steps.SequenceEqual(steps.Order()), $"steps out of order ({string.Join(", ", steps)}):\n{string.Join("\n", beats.Lines)}");
        var ticksWhileDownloading = beats.Lines.Take(steps[2]).Skip(steps[1] + 1).Count(l => l.StartsWith(downloading, StringComparison.Ordinal));
        Assert.True(ticksWhileDownloading >= 1, $"no heartbeat while the base backup downloaded:\n{string.Join("\n", beats.Lines)}");
    }

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
        Assert.True(report.WalReplaySegmentsPerSecond > 0);
        Assert.Equal(report.WalReplaySegmentsPerSecond!.Value * 16, report.WalReplayMegabytesPerSecond!.Value, 6);
        Assert.Equal("app-database-v2", report.Projection!.Lineage);
        Assert.Equal(lab.Fact("v2_backup"), report.Projection.BackupId);
        Assert.True(report.Projection.WalSegmentsSinceBackup > 0 && report.Projection.ProjectedRestore > TimeSpan.Zero);
        Assert.Contains("segments/s", report.RatesText(), StringComparison.Ordinal);
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
