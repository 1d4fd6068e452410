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

    /// <summary>
    /// Deletes exactly the approved objects, each with its UID as precondition: a Cluster or PVC
    /// re-created since the approval is left alone and the delete fails with <c>TargetChanged</c>.
    /// Objects already gone count as done, so a retried delete succeeds.
    /// </summary>
    public async Task<DeleteClusterResult> RunAsync(DeleteTarget approved, CancellationToken ct)
    {
        var cluster = approved.Cluster;
        var wasPresent = approved.ClusterUid is { } uid
            && await OnlyApprovedAsync($"Cluster {cluster}", () => api.DeleteAsync(Crd.Cluster, cluster.Namespace, cluster.Name, uid, ct)).ConfigureAwait(false);
        logger.LogInformation("Cluster {Cluster} (uid {Uid}): {Outcome}", cluster, approved.ClusterUid, wasPresent ? "deletion requested" : "already gone");

        var deleted = new List<string>();
        foreach (var pvc in approved.Pvcs)
        {
            var existed = await OnlyApprovedAsync($"PVC {cluster.Namespace}/{pvc.Name}", () => DeletePvcAsync(cluster.Namespace, pvc.Name, pvc.Uid, ct)).ConfigureAwait(false);
            if (existed)
            {
                deleted.Add(pvc.Name);
            }
        }

        logger.LogInformation("Cluster {Cluster}: deletion requested for {Count} approved PVC(s): {Pvcs}", cluster, deleted.Count, string.Join(", ", deleted));
        return new DeleteClusterResult(wasPresent, deleted);
    }

    private static async Task<bool> OnlyApprovedAsync(string what, Func<Task<bool>> delete)
    {
        try
        {
            return await delete().ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsPreconditionFailed)
        {
            throw ClusterFailures.NonRetryable(ClusterFailureTypes.TargetChanged, $"{what} was re-created since the delete was approved (UID precondition failed): it was not deleted; approve the delete again with the new facts");
        }
    }

    /// <summary>Deletes the Cluster and every PVC labelled for it (scratch Clusters of drills: the worker created them itself).</summary>
    public async Task<DeleteClusterResult> RunAsync(ClusterRef cluster, CancellationToken ct)
    {
        var wasPresent = await api.DeleteAsync(Crd.Cluster, cluster.Namespace, cluster.Name, ct).ConfigureAwait(false);
        logger.LogInformation("Cluster {Cluster}: {Outcome}", cluster, wasPresent ? "deletion requested" : "already gone");

        var pvcs = await api.Calls.RunAsync("list", $"persistentvolumeclaims in {cluster.Namespace}",
            c => api.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(cluster.Namespace, labelSelector: CnpgNames.ClusterSelector(cluster.Name), cancellationToken: c), ct).ConfigureAwait(false);
        var deleted = new List<string>();
        foreach (var name in pvcs.Items.Select(p => p.Name()).Order(StringComparer.Ordinal))
        {
            if (await DeletePvcAsync(cluster.Namespace, name, null, ct).ConfigureAwait(false))
            {
                deleted.Add(name);
            }
        }

        logger.LogInformation("Cluster {Cluster}: deletion requested for {Count} PVC(s): {Pvcs}", cluster, deleted.Count, string.Join(", ", deleted));
        return new DeleteClusterResult(wasPresent, deleted);
    }

    /// <summary>False when the PVC was already gone; with <paramref name="uid"/>, only that incarnation.</summary>
    private Task<bool> DeletePvcAsync(string ns, string name, string? uid, CancellationToken ct) =>
        api.Calls.DeleteAsync($"persistentvolumeclaim {ns}/{name}",
            c => api.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, ns, body: KubeApi.OnlyUid(uid), cancellationToken: c), ct);
}
