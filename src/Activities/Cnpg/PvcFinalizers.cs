using CnpgDrTemporal.Activities.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Cnpg;

public sealed record RemovePvcFinalizersResult(IReadOnlyList<string> Released, IReadOnlyList<string> AlreadyGone);

/// <summary>
/// Releases named PVCs stuck in Terminating by removing their finalizers: only PVCs of this Cluster that
/// are already being deleted. Called by the workflow after its own approval, never automatically.
/// </summary>
public sealed class PvcFinalizers(KubeApi api)
{
    private readonly ILogger logger = api.Logger<PvcFinalizers>();

    public async Task<RemovePvcFinalizersResult> RemoveAsync(ClusterRef cluster, IReadOnlyList<string> pvcNames, CancellationToken ct)
    {
        if (pvcNames.Count == 0)
        {
            throw new DrException($"no PVC named for finalizer removal in {cluster.Namespace}");
        }

        // Check every PVC before touching any: a wrong name must change nothing.
        var present = new List<V1PersistentVolumeClaim>();
        var gone = new List<string>();
        foreach (var name in pvcNames.Distinct(StringComparer.Ordinal))
        {
            var pvc = await api.Calls.GetOrNullAsync($"persistentvolumeclaim {cluster.Namespace}/{name}",
                c => api.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, cluster.Namespace, cancellationToken: c), ct).ConfigureAwait(false);
            if (pvc is null)
            {
                gone.Add(name);
                continue;
            }

            if (pvc.GetLabel(CnpgNames.ClusterLabel) != cluster.Name)
            {
                throw new DrException($"PVC {cluster.Namespace}/{name} is not labelled {CnpgNames.ClusterSelector(cluster.Name)}: refusing to remove its finalizers");
            }

            if (pvc.Metadata.DeletionTimestamp is null)
            {
                throw new DrException($"PVC {cluster.Namespace}/{name} is not being deleted: removing its finalizers would not remove it; delete the Cluster's PVCs first");
            }

            present.Add(pvc);
        }

        var released = new List<string>();
        foreach (var pvc in present)
        {
            logger.LogWarning("removing finalizers [{Finalizers}] of PVC {Namespace}/{Pvc} (approved)", string.Join(", ", pvc.Metadata.Finalizers ?? []), cluster.Namespace, pvc.Name());
            try
            {
                await api.Calls.RunAsync("patch", $"persistentvolumeclaim {cluster.Namespace}/{pvc.Name()}",
                    c => api.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), pvc.Name(), cluster.Namespace, cancellationToken: c), ct).ConfigureAwait(false);
                released.Add(pvc.Name());
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                gone.Add(pvc.Name()); // its volume detached meanwhile
            }
        }

        return new RemovePvcFinalizersResult(released, gone);
    }
}
