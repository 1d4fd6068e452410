using CnpgDrTemporal.Activities.Kubernetes;
namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>An ArgoCD Application by namespace and name.</summary>
public sealed record AppRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>A CNPG Cluster by namespace and name.</summary>
public sealed record ClusterRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>A PVC as the human approved its deletion: a PVC of that name with another UID is another volume.</summary>
public sealed record PinnedPvc(string Name, string? Uid);

/// <summary>
/// Exactly what the <c>delete</c> approval covers, pinned at plan time: the Application, the Cluster
/// with its UID (null: already gone then) and its PVCs with theirs. The delete acts on these objects
/// only, with UID preconditions; anything else found at that moment means the facts changed.
/// </summary>
public sealed record DeleteTarget(AppRef Application, ClusterRef Cluster, string? ClusterUid, IReadOnlyList<PinnedPvc> Pvcs)
{
    /// <summary>As the approval prompt names it.</summary>
    public string Describe() =>
        $"Cluster {Cluster}{(ClusterUid is null ? " (already gone)" : $" (uid {ClusterUid})")} and {(Pvcs.Count == 0 ? "no PVC" : "PVCs " + string.Join(", ", Pvcs.Select(p => p.Name)))}";

    /// <summary>Why <paramref name="now"/> is not what was approved, or null when a delete may go on. Objects gone since are fine (a retried delete).</summary>
    public string? ChangeFrom(DeleteTarget now)
    {
        if (now.Cluster != Cluster)
        {
            return $"the database's Cluster is now {now.Cluster}, not {Cluster}";
        }

        if (now.ClusterUid is { } uid && uid != ClusterUid)
        {
            return ClusterUid is null
                ? $"Cluster {Cluster} exists again (uid {uid}) but was gone when the delete was approved"
                : $"Cluster {Cluster} was re-created: uid {uid}, approved {ClusterUid}";
        }

        var changed = now.Pvcs.Where(p => Pvcs.FirstOrDefault(a => a.Name == p.Name) is not { } approved || (p.Uid is not null && p.Uid != approved.Uid)).Select(p => p.Name).ToList();
        return changed.Count > 0 ? $"PVC(s) {string.Join(", ", changed)} were not in the approved set (new, or re-created with another uid)" : null;
    }
}

/// <summary>Everything the cluster activities need to know about one database, resolved by the preflight.</summary>
public sealed record ClusterTarget(
    string Database,
    AppRef Application,
    ClusterRef? Cluster,
    IReadOnlyList<string> ConsumerNamespaces,
    string? ConsumerSelector);
