using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.KubeSim;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Consumers;

public sealed class ConsumerRestartTests
{
    private const string At = "2026-08-01T10:00:00Z";

    [Fact]
    public async Task Restarts_every_Deployment_of_the_namespaces_and_waits_for_the_rollouts()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Deployment("paperless", "web", replicas: 2);
        bed.Sim.Seed.Deployment("paperless", "worker", replicas: 1);
        bed.Sim.Seed.Deployment("search", "indexer", replicas: 3);

        var result = await bed.Consumers.RunAsync(["paperless", "search"], null, At, Ct);

        Assert.Equal(["paperless/web", "paperless/worker", "search/indexer"], result.Rollouts.Select(r => $"{r.Namespace}/{r.Name}"));
        Assert.All(result.Rollouts, r => Assert.Equal(2, r.Generation));
        var web = bed.Sim.Store.Get(new ObjectKey(ResourceType.Deployments, "paperless", "web"))!;
        Assert.Equal(At, web["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restarts_only_the_Deployments_matching_the_selector_and_nothing_twice_on_a_retry()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Deployment("paperless", "web", app: "paperless");
        bed.Sim.Seed.Deployment("paperless", "redis", app: "redis");

        var first = await bed.Consumers.RunAsync(["paperless"], "app=paperless", At, Ct);
        var retried = await bed.Consumers.RunAsync(["paperless"], "app=paperless", At, Ct);

        Assert.Equal(["web"], first.Rollouts.Select(r => r.Name));
        Assert.Equal(first.Rollouts, retried.Rollouts);
        Assert.Single(bed.Sim.Server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
        var redis = bed.Sim.Store.Get(new ObjectKey(ResourceType.Deployments, "paperless", "redis"))!;
        Assert.Equal(1, redis["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_rollout_that_does_not_complete_times_out_naming_the_Deployment_and_its_counts()
    {
        await using var bed = await StartAsync(o => o.RolloutTimeout = TimeSpan.FromMilliseconds(400));
        bed.Sim.Deployments.Stuck.Add("web");
        bed.Sim.Seed.Deployment("paperless", "web", replicas: 2);

        var e = await Assert.ThrowsAsync<DrException>(() => bed.Consumers.RunAsync(["paperless"], null, At, Ct));

        Assert.Contains("paperless/web", e.Message, StringComparison.Ordinal);
        Assert.Contains("updated 0/2", e.Message, StringComparison.Ordinal);
    }
}
