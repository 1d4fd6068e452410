using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Recovery;

/// <summary>
/// The recovery's step activities themselves (as the worker registers them, from DI) for steps 2 and 4-10
/// in runbook order against one simulated cluster: each resolves its target by database name.
/// </summary>
public sealed class RecoveryActivitiesTests
{
    private const string Pushed = "9b2e4f6a8c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f";

    [Fact]
    public async Task Recover_a_database_in_place_from_refresh_to_consumer_restarts()
    {
        await using var bed = await StartAsync(settings: new()
        {
            ["Dr:Databases:paperless:ConsumerNamespaces:0"] = "paperless",
            ["Dr:Databases:paperless:Namespace"] = Ns,
        });
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, lineage: "v8");
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, "kubernetes.io/pvc-protection");
        bed.Sim.Seed.Deployment("paperless", "paperless-web");
        // "git": the pushed commit holds the recovery overlay, so Argo's sync creates the Cluster with bootstrap.recovery.
        bed.Sim.Argo.OnSynced = (_, revision) => bed.Sim.Seed.RecoveringCluster(Ns, ClusterName, source: "v6", lineage: "v9");
        await using var services = bed.Services();
        var a = services.GetRequiredService<RecoveryActivities>();

        var pinned = (await bed.Preflight.RunAsync(Db, Ct)).PinnedTarget()!;
        var refreshed = await a.HardRefreshAsync(new HardRefreshRequest(Db));
        var deleted = await a.DeleteClusterAsync(new DeleteClusterRequest(Db, "plan-hash", pinned));
        var pvcs = await a.WaitPvcsGoneAsync(new WaitPvcsGoneRequest(Db, TimeSpan.FromMinutes(5)));
        var synced = await a.SyncAsync(new SyncRequest(Db, Pushed));
        var recovered = await bed.RunAsActivityAsync(() => a.WatchRecoveryAsync(new WatchRecoveryRequest(Db, "7412345678901234567", null, TimeSpan.FromSeconds(30))));
        var proof = await a.ProveLineageAsync(new ProveLineageRequest(Db, "paperless-database-v9"));
        var restarted = await a.RestartConsumersAsync(new RestartConsumersRequest(Db, []));

        Assert.Equal("OutOfSync", refreshed.ClusterSyncStatus);
        Assert.True(refreshed.ClusterOutOfSync);
        Assert.True(deleted.ClusterWasPresent);
        Assert.Equal([$"{ClusterName}-1"], deleted.PvcsDeleted);
        Assert.Empty(pvcs.Stuck);
        Assert.Equal(Pushed, synced.Revision);
        Assert.True(recovered.Done);
        Assert.NotNull(recovered.ConsistentRecovery);
        Assert.True(proof.Proven, proof.Detail);
        Assert.Equal("paperless-database-v9", proof.WriteLineage);
        Assert.Equal("paperless-web", Assert.Single(restarted.Rollouts).Name);
        Assert.Empty(bed.Sim.ControllerErrors);
    }

    [Fact]
    public async Task A_step_for_a_database_whose_Cluster_cannot_be_placed_is_refused_before_any_call_that_changes_something()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);
        await using var services = bed.Services();
        var a = services.GetRequiredService<RecoveryActivities>();

        var approved = new DeleteTarget(new AppRef("argocd", "nosuchdb"), new ClusterRef(Ns, "nosuchdb-database"), "uid-1", []);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => a.DeleteClusterAsync(new DeleteClusterRequest("nosuchdb", "plan-hash", approved)));

        Assert.DoesNotContain(bed.Sim.Server.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public async Task A_lineage_proof_retried_after_its_attempt_died_before_any_heartbeat_creates_one_Backup()
    {
        await using var bed = await StartAsync(settings: new() { ["Dr:Databases:paperless:Namespace"] = Ns });
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, lineage: "v9");
        await using var services = bed.Services();
        var a = services.GetRequiredService<RecoveryActivities>();

        // Both attempts of the same workflow run, the second without the first's heartbeat details.
        var first = await bed.RunAsActivityAsync(() => a.ProveLineageAsync(new ProveLineageRequest(Db, "paperless-database-v9")));
        var retried = await bed.RunAsActivityAsync(() => a.ProveLineageAsync(new ProveLineageRequest(Db, "paperless-database-v9")));

        Assert.Equal(first.BackupName, retried.BackupName);
        Assert.Single(bed.Sim.Store.List(ResourceType.Backups, Ns).Items);
    }
}
