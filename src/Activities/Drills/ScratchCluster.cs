using System.Text.Json.Nodes;
using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Activities.Drills;

/// <summary>
/// The manifest of a drill's scratch Cluster: <c>bootstrap.recovery</c> from the chosen lineage and no
/// <c>backup</c> section and no plugins, so a drill can never archive into a production lineage.
/// </summary>
public static class ScratchCluster
{
    /// <summary>Label naming the workflow run that created a scratch Cluster (see <see cref="ActivityRun"/>).</summary>
    public const string RunLabel = "cnpg-dr/drill-run";

    /// <summary><c>&lt;db&gt;-drill-&lt;run&gt;</c> inside a drill workflow (a resumed attempt finds its own Cluster), <c>&lt;db&gt;-drill-&lt;yyyyMMdd&gt;</c> from the CLI.</summary>
    public static string NameFor(string database, DateTimeOffset day, string? run = null) =>
        run is null ? $"{database}-drill-{day:yyyyMMdd}" : $"{database}-drill-{run}";

    public static JsonObject Build(string name, string @namespace, string database, string appDatabase, string owner, TargetCheckResult target, S3Options s3, ClusterDrillOptions drill, string? run = null)
    {
        var recoveryTarget = new JsonObject { ["backupID"] = target.BackupId };
        if (target.TargetTime is { } t)
        {
            recoveryTarget["targetTime"] = t.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
        }

        var store = new JsonObject
        {
            ["destinationPath"] = s3.DestinationPath(database),
            ["serverName"] = target.Lineage,
            ["s3Credentials"] = new JsonObject
            {
                ["accessKeyId"] = new JsonObject { ["name"] = drill.S3CredentialsSecret, ["key"] = "ACCESS_KEY_ID" },
                ["secretAccessKey"] = new JsonObject { ["name"] = drill.S3CredentialsSecret, ["key"] = "ACCESS_SECRET_KEY" },
            },
        };
        if (!string.IsNullOrEmpty(s3.ServiceUrl))
        {
            store["endpointURL"] = s3.ServiceUrl;
        }

        return new JsonObject
        {
            ["apiVersion"] = "postgresql.cnpg.io/v1",
            ["kind"] = "Cluster",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = @namespace,
                ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "cnpg-dr", ["cnpg-dr/drill-of"] = database, [RunLabel] = run ?? "cli" },
            },
            ["spec"] = new JsonObject
            {
                ["instances"] = 1,
                ["storage"] = new JsonObject { ["size"] = drill.StorageSize },
                ["bootstrap"] = new JsonObject
                {
                    ["recovery"] = new JsonObject
                    {
                        ["source"] = "drill-origin",
                        ["database"] = appDatabase,
                        ["owner"] = owner,
                        ["recoveryTarget"] = recoveryTarget,
                    },
                },
                ["externalClusters"] = new JsonArray(new JsonObject { ["name"] = "drill-origin", ["barmanObjectStore"] = store }),
            },
        };
    }
}
