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

/// <summary>Everything the cluster activities need to know about one database, resolved by the preflight.</summary>
public sealed record ClusterTarget(
    string Database,
    AppRef Application,
    ClusterRef? Cluster,
    IReadOnlyList<string> ConsumerNamespaces,
    string? ConsumerSelector);
