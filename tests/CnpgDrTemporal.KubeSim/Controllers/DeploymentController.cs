using System.Text.Json.Nodes;

namespace CnpgDrTemporal.KubeSim.Controllers;

/// <summary>The deployment controller: completes every rollout at once, except for Deployments named in <see cref="Stuck"/>.</summary>
public sealed class DeploymentController(KubeSimServer sim) : SimController(sim, ResourceType.Deployments)
{
    public HashSet<string> Stuck { get; } = new(StringComparer.Ordinal);

    public int Rollouts { get; private set; }

    protected override Task ReactAsync(StoreEvent e)
    {
        if (e.Type == "DELETED")
        {
            return Task.CompletedTask;
        }

        var generation = e.Object["metadata"]!["generation"]!.GetValue<long>();
        var observed = e.Object["status"]?["observedGeneration"]?.GetValue<long>() ?? 0;
        if (observed >= generation)
        {
            return Task.CompletedTask;
        }

        var key = KeyOf(e);
        var stuck = Stuck.Contains(key.Name);
        Store.Update(key, d =>
        {
            var replicas = d["spec"]?["replicas"]?.GetValue<int>() ?? 1;
            d["status"] = new JsonObject
            {
                ["observedGeneration"] = generation,
                ["replicas"] = stuck ? replicas + 1 : replicas,
                ["updatedReplicas"] = stuck ? 0 : replicas,
                ["readyReplicas"] = replicas,
                ["availableReplicas"] = replicas,
            };
            return d;
        });
        Rollouts++;
        return Task.CompletedTask;
    }
}
