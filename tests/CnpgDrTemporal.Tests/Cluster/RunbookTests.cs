using CnpgDrTemporal.KubeSim;
using Xunit;
using static CnpgDrTemporal.Tests.Cluster.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Cluster;

/// <summary>Steps 2 and 4-10 of the runbook in order against one simulated cluster, the way the workflow chains them.</summary>
public sealed class RunbookTests
{
    private const string Pushed = "9b2e4f6a8c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f";

    [Fact]
    public async Task Recovers_a_database_in_place_from_refresh_to_consumer_restarts()
    {
        await using var bed = await StartAsync(settings: new() { ["Dr:Databases:paperless:ConsumerNamespaces:0"] = "paperless" });
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, lineage: "v8");
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, "kubernetes.io/pvc-protection");
        bed.Sim.Seed.Deployment("paperless", "paperless-web");
        // "git": the pushed commit holds the recovery overlay, so Argo's sync creates the Cluster with bootstrap.recovery.
        bed.Sim.Argo.OnSynced = (_, revision) => bed.Sim.Seed.RecoveringCluster(Ns, ClusterName, source: "v6", lineage: "v9");

        var plan = await bed.Preflight.RunAsync(Db, Ct);
        var target = plan.Target;
        var refreshed = await bed.Refresh.RunAsync(target.Application, ClusterName, Ct);
        var deleted = await bed.Delete.RunAsync(target.Cluster!, Ct);
        await bed.PvcWait.RunAsync(target.Cluster!, Ct);
        var synced = await bed.Sync.RunAsync(target.Application, Pushed, Ct);
        var recovered = await bed.RunAsActivityAsync(() => bed.Watch.RunAsync(target.Cluster!, Ct));
        var proof = await bed.Lineage.RunAsync(target.Cluster!, "paperless-database-v9", null, Ct);
        var restarted = await bed.Consumers.RunAsync(target.ConsumerNamespaces, target.ConsumerSelector, "2026-08-01T10:00:00Z", Ct);

        Assert.True(plan.Passed);
        Assert.Equal("paperless-database-v8", plan.Cluster!.WriteLineage);
        Assert.Equal("OutOfSync", refreshed.ClusterSyncStatus);
        Assert.True(deleted.ClusterWasPresent);
        Assert.Equal(Pushed, synced.Revision);
        Assert.NotNull(recovered.ConsistentRecovery);
        Assert.True(proof.Proven, proof.Detail);
        Assert.Equal("paperless-database-v9", proof.WriteLineage);
        Assert.Equal("paperless-web", Assert.Single(restarted.Rollouts).Name);
        Assert.Empty(bed.Sim.ControllerErrors);
    }
}
