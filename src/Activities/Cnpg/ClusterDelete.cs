using CnpgDrTemporal.Activities.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>What the delete did: <see cref="ClusterWasPresent"/> false when an earlier attempt had deleted it.</summary>
public sealed record DeleteClusterResult(bool ClusterWasPresent, IReadOnlyList<string> PvcsDeleted);

/// <summary>Step 4: delete the Cluster and its PVCs. Idempotent: whatever is already gone (404) counts as done.</summary>
public sealed class ClusterDelete(KubeApi api)
{
    private readonly ILogger logger = api.Logger<ClusterDelete>();

    public async Task<DeleteClusterResult> RunAsync(ClusterRef cluster, CancellationToken ct)
    {
        var wasPresent = await api.DeleteAsync(Crd.Cluster, cluster.Namespace, cluster.Name, ct).ConfigureAwait(false);
        logger.LogInformation("Cluster {Cluster}: {Outcome}", cluster, wasPresent ? "deletion requested" : "already gone");

        var pvcs = await api.Calls.RunAsync("list", $"persistentvolumeclaims in {cluster.Namespace}",
            c => api.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(cluster.Namespace, labelSelector: CnpgNames.ClusterSelector(cluster.Name), cancellationToken: c), ct).ConfigureAwait(false);
        var deleted = new List<string>();
        foreach (var name in pvcs.Items.Select(p => p.Name()).Order(StringComparer.Ordinal))
        {
            var existed = await api.Calls.DeleteAsync($"persistentvolumeclaim {cluster.Namespace}/{name}",
                c => api.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, cluster.Namespace, cancellationToken: c), ct).ConfigureAwait(false);
            if (existed)
            {
                deleted.Add(name);
            }
        }

        logger.LogInformation("Cluster {Cluster}: deletion requested for {Count} PVC(s): {Pvcs}", cluster, deleted.Count, string.Join(", ", deleted));
        return new DeleteClusterResult(wasPresent, deleted);
    }
}
