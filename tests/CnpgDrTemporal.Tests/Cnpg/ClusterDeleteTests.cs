using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Tests.Support;
using k8s;
using Temporalio.Exceptions;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Cnpg;

public sealed class ClusterDeleteTests
{
    private const string Longhorn = "driver.longhorn.io/volume";

    [Fact]
    public async Task Deletes_the_Cluster_and_its_labelled_PVCs_only()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.LiveCluster(Ns, ClusterName);
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, "kubernetes.io/pvc-protection");
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1-wal", ClusterName);
        bed.Sim.Seed.Pvc(Ns, "gitea-database-1", "gitea-database");

        var result = await bed.Delete.RunAsync(bed.Cluster, Ct);

        Assert.True(result.ClusterWasPresent);
        Assert.Equal([$"{ClusterName}-1", $"{ClusterName}-1-wal"], result.PvcsDeleted);
        Assert.Null(bed.Sim.Store.Get(new ObjectKey(ResourceType.Clusters, Ns, ClusterName)));
        Assert.NotNull(bed.Sim.Store.Get(new ObjectKey(ResourceType.Pvcs, Ns, "gitea-database-1")));
    }

    [Fact]
    public async Task A_Cluster_already_gone_is_a_no_op()
    {
        await using var bed = await StartAsync();

        var result = await bed.Delete.RunAsync(bed.Cluster, Ct);

        Assert.False(result.ClusterWasPresent);
        Assert.Empty(result.PvcsDeleted);
    }

    [Fact]
    public async Task The_PVC_wait_follows_a_slow_detach_on_the_watch_and_heartbeats_what_is_left()
    {
        await using var bed = await StartAsync();
        bed.Sim.Storage.HoldFinalizers = true;
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, Longhorn);
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-2", ClusterName, Longhorn);
        await bed.Delete.RunAsync(bed.Cluster, Ct);

        var waiting = bed.RunAsActivityAsync(() => bed.PvcWait.RunAsync(bed.Cluster, Ct));
        await WaitFor.TrueAsync(() => bed.HeartbeatsOf<PvcWaitProgress>().Any(p => p.Remaining == 2), "a heartbeat with 2 PVCs left");
        Assert.False(waiting.IsCompleted);
        bed.Sim.Storage.Release($"{ClusterName}-1");
        await WaitFor.TrueAsync(() => bed.HeartbeatsOf<PvcWaitProgress>().Any(p => p.Remaining == 1), "a heartbeat with 1 PVC left");
        bed.Sim.Storage.Release();

        await WaitFor.WithinAsync(waiting, "the PVC wait");
        Assert.Empty(bed.Sim.Store.List(ResourceType.Pvcs, Ns).Items);
    }

    [Fact]
    public async Task A_PVC_stuck_Terminating_is_reported_with_its_finalizers_and_kept()
    {
        await using var bed = await StartAsync(o =>
        {
            o.PvcStuckThreshold = TimeSpan.FromMilliseconds(50);
            o.PvcDeleteTimeout = TimeSpan.FromSeconds(1);
        });
        bed.Sim.Storage.HoldFinalizers = true;
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, Longhorn);
        await bed.Delete.RunAsync(bed.Cluster, Ct);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.RunAsActivityAsync(() => bed.PvcWait.RunAsync(bed.Cluster, Ct)));

        Assert.Equal(ClusterFailureTypes.PvcsStuckTerminating, e.ErrorType);
        Assert.True(e.NonRetryable);
        Assert.Contains($"{ClusterName}-1 (Terminating since", e.Message, StringComparison.Ordinal);
        Assert.Contains(Longhorn, e.Message, StringComparison.Ordinal);
        Assert.Contains(bed.HeartbeatsOf<PvcWaitProgress>(), p => p.Stuck.Any(s => s.Finalizers.Contains(Longhorn)));
        var pvc = bed.Sim.Store.Get(new ObjectKey(ResourceType.Pvcs, Ns, $"{ClusterName}-1"))!;
        Assert.Equal(Longhorn, pvc["metadata"]!["finalizers"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Finalizer_removal_releases_only_named_Terminating_PVCs_of_the_Cluster()
    {
        await using var bed = await StartAsync();
        bed.Sim.Storage.HoldFinalizers = true;
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, Longhorn);
        await bed.Delete.RunAsync(bed.Cluster, Ct);

        var result = await bed.Finalizers.RemoveAsync(bed.Cluster, [$"{ClusterName}-1", $"{ClusterName}-9"], Ct);

        Assert.Equal([$"{ClusterName}-1"], result.Released);
        Assert.Equal([$"{ClusterName}-9"], result.AlreadyGone);
        Assert.Null(bed.Sim.Store.Get(new ObjectKey(ResourceType.Pvcs, Ns, $"{ClusterName}-1")));
    }

    [Fact]
    public async Task Finalizer_removal_refuses_a_PVC_not_being_deleted_or_of_another_Cluster_before_touching_any()
    {
        await using var bed = await StartAsync();
        bed.Sim.Storage.HoldFinalizers = true;
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, Longhorn);
        bed.Sim.Seed.Pvc(Ns, "gitea-database-1", "gitea-database", Longhorn);
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-2", ClusterName, Longhorn);
        await bed.Api.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync($"{ClusterName}-1", Ns);
        await bed.Api.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("gitea-database-1", Ns);

        var live = await Assert.ThrowsAsync<DrException>(() => bed.Finalizers.RemoveAsync(bed.Cluster, [$"{ClusterName}-1", $"{ClusterName}-2"], Ct));
        var foreign = await Assert.ThrowsAsync<DrException>(() => bed.Finalizers.RemoveAsync(bed.Cluster, ["gitea-database-1"], Ct));

        Assert.Contains("is not being deleted", live.Message, StringComparison.Ordinal);
        Assert.Contains("not labelled cnpg.io/cluster=paperless-database", foreign.Message, StringComparison.Ordinal);
        Assert.NotNull(bed.Sim.Store.Get(new ObjectKey(ResourceType.Pvcs, Ns, $"{ClusterName}-1")));
        Assert.DoesNotContain(bed.Sim.Server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
    }
}
