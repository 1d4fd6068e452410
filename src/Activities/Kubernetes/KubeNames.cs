namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>A custom resource as the API server addresses it.</summary>
public sealed record Crd(string Group, string Version, string Plural, string Kind)
{
    public static readonly Crd Application = new("argoproj.io", "v1alpha1", "applications", "Application");
    public static readonly Crd ApplicationSet = new("argoproj.io", "v1alpha1", "applicationsets", "ApplicationSet");
    public static readonly Crd Cluster = new("postgresql.cnpg.io", "v1", "clusters", "Cluster");
    public static readonly Crd Backup = new("postgresql.cnpg.io", "v1", "backups", "Backup");

    public string ApiVersion => $"{Group}/{Version}";

    /// <summary><c>clusters.postgresql.cnpg.io ns/name</c>: how errors name an object.</summary>
    public string Describe(string ns, string? name = null) =>
        name is null ? $"{Plural}.{Group} in {ns}" : $"{Plural}.{Group} {ns}/{name}";
}

/// <summary>Kubernetes core names.</summary>
public static class KubeNames
{
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";
    public const string PodSucceeded = "Succeeded";
    public const string PodFailed = "Failed";
    public const string PodPending = "Pending";
}
