using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json.Nodes;

namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>Reads the two backup shapes (native barmanObjectStore, Barman Cloud plugin) and the bootstrap of a Cluster.</summary>
public static class ClusterShape
{
    /// <summary><c>plugin</c>, <c>barmanObjectStore</c>, or null when the Cluster backs up nowhere.</summary>
    public static string? BackupMethod(JsonNode? cluster, string pluginName)
    {
        if (PluginEntry(cluster, pluginName) is not null)
        {
            return CnpgNames.PluginMethod;
        }

        return cluster.At("spec", "backup", "barmanObjectStore") is JsonObject ? CnpgNames.BarmanObjectStoreMethod : null;
    }

    /// <summary>The serverName new WAL and backups go to (CNPG defaults it to the Cluster name).</summary>
    public static string? WriteLineage(JsonNode? cluster, string pluginName)
    {
        if (PluginEntry(cluster, pluginName) is { } plugin)
        {
            return plugin.Str("parameters", "serverName") ?? cluster.Name();
        }

        return cluster.At("spec", "backup", "barmanObjectStore") is JsonObject store ? store.Str("serverName") ?? cluster.Name() : null;
    }

    /// <summary><c>initdb</c>, <c>recovery</c>, <c>pg_basebackup</c>, or null.</summary>
    public static string? Bootstrap(JsonNode? cluster) =>
        cluster.At("spec", "bootstrap") is JsonObject b ? b.Select(kv => kv.Key).FirstOrDefault() : null;

    public static bool IsRecovery(JsonNode? cluster) => cluster.At("spec", "bootstrap", "recovery") is JsonObject;

    public static string? RecoverySource(JsonNode? cluster) => cluster.Str("spec", "bootstrap", "recovery", "source");

    /// <summary>The serverName the recovery reads from (<c>externalClusters[source]</c>, either shape).</summary>
    public static string? RecoverySourceLineage(JsonNode? cluster)
    {
        var source = RecoverySource(cluster);
        var external = cluster.Objects("spec", "externalClusters").FirstOrDefault(e => e.Str("name") == source);
        return external is null ? null : external.Str("plugin", "parameters", "serverName") ?? external.Str("barmanObjectStore", "serverName") ?? source;
    }

    public static string? Phase(JsonNode? cluster) => cluster.Str("status", "phase");

    public static bool IsHealthy(JsonNode? cluster) => Phase(cluster) == CnpgNames.HealthyPhase && cluster.ConditionIsTrue(CnpgNames.ReadyCondition);

    public static ClusterFacts Facts(ClusterRef cluster, JsonObject? live, string pluginName) => live is null
        ? new ClusterFacts(cluster.Namespace, cluster.Name, false, null, false, false, false, null, null, null, null, null)
        : new ClusterFacts(
            cluster.Namespace,
            cluster.Name,
            true,
            Phase(live),
            live.Str("metadata", "deletionTimestamp") is not null,
            live.ConditionIsTrue(CnpgNames.ReadyCondition),
            live.ConditionIsTrue(CnpgNames.ContinuousArchivingCondition),
            Bootstrap(live),
            RecoverySource(live),
            RecoverySourceLineage(live),
            WriteLineage(live, pluginName),
            BackupMethod(live, pluginName),
            live.Str("metadata", "uid"));

    private static JsonObject? PluginEntry(JsonNode? cluster, string pluginName) =>
        cluster.Objects("spec", "plugins").FirstOrDefault(p => p.Str("name") == pluginName);
}
