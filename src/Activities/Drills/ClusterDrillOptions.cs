namespace CnpgDrTemporal.Activities.Drills;

/// <summary><c>Dr:DrillCluster</c>: where scratch Clusters of cluster-mode drills are created.</summary>
public sealed class ClusterDrillOptions
{
    public const string Section = "Dr:DrillCluster";

    public string Namespace { get; set; } = "cnpg-drills";

    public string StorageSize { get; set; } = "10Gi";

    /// <summary>Secret in the drill namespace with <c>ACCESS_KEY_ID</c>/<c>ACCESS_SECRET_KEY</c> for the bucket.</summary>
    public string S3CredentialsSecret { get; set; } = "cnpg-drill-s3";

    /// <summary>Reach the scratch database here instead of its <c>-rw</c> service (a worker outside the cluster).</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 5432;
}
