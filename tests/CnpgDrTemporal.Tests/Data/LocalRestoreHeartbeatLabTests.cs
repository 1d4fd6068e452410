using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>
/// A local restore inside an activity heartbeats while <c>barman-cloud-restore</c> downloads the base
/// backup (it prints nothing until done), not only during WAL replay: a long download must not time out
/// the drill's 2-minute heartbeat timeout. The cadence is <c>Dr:Kubernetes:HeartbeatInterval</c>.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LocalRestoreHeartbeatLabTests(LabFixture lab)
{
    private readonly string workDir = Path.Combine(Path.GetTempPath(), $"cnpg-dr-restore-test-{Guid.NewGuid():N}");

    private LocalRestorer Restorer(string heartbeatInterval) =>
        lab.Services(new Dictionary<string, string?>
        {
            ["Dr:LocalRestore:WorkDir"] = workDir,
            ["Dr:Kubernetes:HeartbeatInterval"] = heartbeatInterval,
        }).GetRequiredService<LocalRestorer>();

    private LocalRestoreRequest Request => new("app", "app-database-v1", TargetTime: lab.Time("ts_a"));

    private string Downloading => $"downloading base backup {lab.Fact("v1_backup1")} of app-database-v1";

    [Fact]
    public async Task TheBaseBackupDownloadHeartbeatsOnTheConfiguredIntervalBeforeWalReplayStarts()
    {
        var beats = new HeartbeatRecorder();
        var report = await beats.RunAsActivityAsync(() => Restorer("00:00:00.020").RestoreAsync(Request, ActivityToken.Current));

        Assert.True(report.Passed, string.Join("\n", report.Validation.Checks.Select(c => $"{c.Name}: {c.Actual}")));
        var lines = beats.Lines;
        Assert.Equal("reading the catalog of app", lines[0]);
        var download = beats.First(Downloading);
        var replay = beats.First("replaying WAL: ");
        Assert.True(download < replay, $"the download heartbeat (#{download}) came after WAL replay started (#{replay})");

        // The first download heartbeat marks the step's start; the ones after it, still before replay and
        // with the same details, are the interval's ticks sent while barman-cloud-restore was running.
        var ticks = lines.Take(replay).Skip(download + 1).Count(l => l.StartsWith(Downloading, StringComparison.Ordinal));
        Assert.True(ticks >= 1, $"no heartbeat while the base backup downloaded:\n{string.Join("\n", lines)}");
        Assert.Contains(lines.Skip(replay), l => l.StartsWith("validating the restored app", StringComparison.Ordinal));
        Assert.StartsWith("stopping the throwaway PostgreSQL", lines[^1], StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(workDir) ? Directory.EnumerateFileSystemEntries(workDir) : []);
    }

    [Fact]
    public async Task WithAnIntervalLongerThanTheRestoreOnlyTheStepChangesHeartbeat()
    {
        var beats = new HeartbeatRecorder();
        var report = await beats.RunAsActivityAsync(() => Restorer("01:00:00").RestoreAsync(Request, ActivityToken.Current));

        Assert.True(report.Passed);
        var lines = beats.Lines;
        Assert.Single(lines, l => l.StartsWith(Downloading, StringComparison.Ordinal));
        Assert.True(beats.First(Downloading) < beats.First("replaying WAL: "));
    }
}
