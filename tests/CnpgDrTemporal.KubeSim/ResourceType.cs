namespace CnpgDrTemporal.KubeSim;

/// <summary>A resource as the API server addresses it: group (empty = core), version, plural.</summary>
public sealed record ResourceType(string Group, string Version, string Resource)
{
    public static readonly ResourceType Pods = new(string.Empty, "v1", "pods");
    public static readonly ResourceType Pvcs = new(string.Empty, "v1", "persistentvolumeclaims");
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments");
    public static readonly ResourceType Applications = new("argoproj.io", "v1alpha1", "applications");
    public static readonly ResourceType ApplicationSets = new("argoproj.io", "v1alpha1", "applicationsets");
    public static readonly ResourceType Clusters = new("postgresql.cnpg.io", "v1", "clusters");
    public static readonly ResourceType Backups = new("postgresql.cnpg.io", "v1", "backups");
    public static readonly ResourceType Secrets = new(string.Empty, "v1", "secrets");

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["pods"] = "Pod",
        ["persistentvolumeclaims"] = "PersistentVolumeClaim",
        ["deployments"] = "Deployment",
        ["applications"] = "Application",
        ["applicationsets"] = "ApplicationSet",
        ["clusters"] = "Cluster",
        ["backups"] = "Backup",
        ["secrets"] = "Secret",
    };

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Kind => Kinds.TryGetValue(Resource, out var k) ? k : char.ToUpperInvariant(Resource[0]) + Resource[1..].TrimEnd('s');

    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}

/// <summary>One object's address.</summary>
public sealed record ObjectKey(ResourceType Type, string Namespace, string Name)
{
    public override string ToString() => $"{Type} {Namespace}/{Name}";
}

/// <summary>An API error the simulator answers with a <c>Status</c> body.</summary>
public sealed class SimApiException(int code, string reason, string message) : Exception(message)
{
    public int Code => code;

    public string Reason => reason;

    public static SimApiException NotFound(ObjectKey key) => new(404, "NotFound", $"{key.Type} \"{key.Name}\" not found");
}
