using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Runtime.CompilerServices;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.KubeSim.Controllers;
using Temporalio.Exceptions;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Cnpg;

public sealed class RecoveryWatchTests
{
    [Fact]
    public async Task Follows_the_recovery_log_into_heartbeats_and_ends_when_the_Cluster_is_healthy_and_Ready()
    {
        await using var bed = await StartAsync();
        bed.Sim.Cnpg.Attempts = [RecoveryScripts.Success(3)];
        bed.Sim.Seed.RecoveringCluster(Ns, ClusterName);

        var result = await bed.RunAsActivityAsync(() => bed.Watch.RunAsync(bed.Cluster, null, Ct));

        Assert.Equal(3, result.RestoredFiles);
        Assert.Equal("000000020000000000000003", result.LastRestoredFile);
        Assert.Contains("consistent recovery state reached", result.ConsistentRecovery, StringComparison.Ordinal);
        Assert.Equal("Cluster in healthy state", result.ClusterPhase);
        var pod = Assert.Single(result.Pods);
        Assert.True(pod.Finished);
        Assert.Equal("Succeeded", pod.Phase);
        Assert.Contains(bed.HeartbeatsOf<RecoveryProgress>(), p => p.RestoredFiles > 0);
        Assert.Empty(bed.Sim.ControllerErrors);
    }

    [Fact]
    public async Task The_FATAL_target_line_fails_non_retryable_as_RecoveryTargetUnreachable()
    {
        await using var bed = await StartAsync();
        bed.Sim.Cnpg.Attempts = [RecoveryScripts.Fatal(2), RecoveryScripts.Fatal(2)];
        bed.Sim.Seed.RecoveringCluster(Ns, ClusterName);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.RunAsActivityAsync(() => bed.Watch.RunAsync(bed.Cluster, null, Ct)));

        Assert.Equal(ClusterFailureTypes.RecoveryTargetUnreachable, e.ErrorType);
        Assert.True(e.NonRetryable);
        Assert.Contains("recovery ended before configured recovery target was reached", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_empty_write_archive_fails_non_retryable_as_ExpectedEmptyArchive()
    {
        await using var bed = await StartAsync();
        bed.Sim.Cnpg.Attempts = [RecoveryScripts.EmptyArchive()];
        bed.Sim.Seed.RecoveringCluster(Ns, ClusterName);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Watch.RunAsync(bed.Cluster, null, Ct));

        Assert.Equal(ClusterFailureTypes.ExpectedEmptyArchive, e.ErrorType);
        Assert.True(e.NonRetryable);
    }

    [Fact]
    public async Task Follows_the_next_pod_when_the_Job_retries()
    {
        await using var bed = await StartAsync();
        bed.Sim.Cnpg.Attempts = [RecoveryScripts.Transient(), RecoveryScripts.Success(2)];
        bed.Sim.Seed.RecoveringCluster(Ns, ClusterName);

        var result = await bed.Watch.RunAsync(bed.Cluster, null, Ct);

        Assert.Equal(["Failed", "Succeeded"], result.Pods.Select(p => p.Phase));
        Assert.Equal(3, result.RestoredFiles);
    }

    [Fact]
    public async Task A_retried_attempt_resumes_from_its_last_heartbeat_instead_of_recounting()
    {
        await using var bed = await StartAsync();
        bed.Sim.Cnpg.Attempts = [RecoveryScripts.Success(3)];
        bed.Sim.Seed.RecoveringCluster(Ns, ClusterName);
        var firstPod = $"{ClusterName}-1-full-recovery-a1x";

        // The earlier attempt had read 3 lines of this pod and counted 10 files (a number the log alone cannot produce).
        var previous = new RecoveryProgress(false, 10, "000000020000000000000002", null, "restored", null, [new PodLogPosition(firstPod, 3, false, "Running")]);
        var result = await bed.RunAsActivityAsync(() => bed.Watch.RunAsync(bed.Cluster, null, Ct), resumeFrom: previous);

        Assert.Equal(11, result.RestoredFiles);
        Assert.Equal("000000020000000000000003", result.LastRestoredFile);
        Assert.Equal(firstPod, Assert.Single(result.Pods).Pod);
    }

    [Fact]
    public async Task A_recovery_pod_that_never_appears_times_out_naming_the_labels()
    {
        await using var bed = await StartAsync(o => o.RecoveryPodTimeout = TimeSpan.FromMilliseconds(400));
        bed.Sim.Cnpg.CreateRecoveryPods = false;
        bed.Sim.Seed.RecoveringCluster(Ns, ClusterName);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Watch.RunAsync(bed.Cluster, null, Ct));

        Assert.Equal(ClusterFailureTypes.NoRecoveryPod, e.ErrorType);
        Assert.True(e.NonRetryable);
        Assert.Contains("cnpg.io/cluster=paperless-database,cnpg.io/jobRole=full-recovery", e.Message, StringComparison.Ordinal);
        Assert.Contains("cloudnative-pg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Cluster_created_without_the_recovery_stanza_fails_non_retryable()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.InitdbCluster(Ns, ClusterName);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Watch.RunAsync(bed.Cluster, null, Ct));

        Assert.Equal(ClusterFailureTypes.NotARecoveryBootstrap, e.ErrorType);
        Assert.Contains("initdb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_log_source_plugs_into_the_CNPG_script()
    {
        await using var bed = await StartAsync();
        bed.Sim.Cnpg.RecoveryLogSource = created => Lines(created.Name);
        bed.Sim.Seed.RecoveringCluster(Ns, ClusterName);

        var result = await bed.Watch.RunAsync(bed.Cluster, null, Ct);

        Assert.Equal(1, result.RestoredFiles);
        Assert.Equal("2026-11-25 03:11:34.997 UTC [3979] LOG:  consistent recovery state reached at 0/E000060", result.ConsistentRecovery);

        static async IAsyncEnumerable<string> Lines(string cluster, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await Task.Yield();
            yield return $"restoring {cluster}";
            yield return "2026-11-25 03:11:33.001 UTC [3979] LOG:  restored log file \"00000001000000000000000E\" from archive";
            yield return "2026-11-25 03:11:34.997 UTC [3979] LOG:  consistent recovery state reached at 0/E000060";
        }
    }

    [Fact]
    public async Task A_Cluster_the_sync_never_created_fails_typed_at_the_pod_deadline_instead_of_polling_for_hours()
    {
        await using var bed = await StartAsync(o => o.RecoveryPodTimeout = TimeSpan.FromMilliseconds(400));

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Watch.RunAsync(bed.Cluster, null, Ct));

        Assert.Equal(ClusterFailureTypes.ClusterMissing, e.ErrorType);
        Assert.True(e.NonRetryable);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_slice_resumes_from_the_previous_slice_and_does_not_count_its_lines_again()
    {
        await using var bed = await StartAsync();
        bed.Sim.Cnpg.Attempts = [RecoveryScripts.Success(3)];
        bed.Sim.Seed.RecoveringCluster(Ns, ClusterName);
        var firstPod = $"{ClusterName}-1-full-recovery-a1x";

        // The previous slice read 3 lines of this pod and counted 10 files (a number the log alone cannot produce).
        var previous = new RecoveryProgress(false, 10, "000000020000000000000002", null, "restored", null, [new PodLogPosition(firstPod, 3, false, "Running")], DateTimeOffset.UtcNow);
        var result = await bed.RunAsActivityAsync(() => bed.Watch.RunAsync(bed.Cluster, previous, Ct));

        Assert.Equal(11, result.RestoredFiles);
        Assert.Equal(previous.WatchStartedAt, result.WatchStartedAt);
        Assert.True(result.Done);
    }
}
