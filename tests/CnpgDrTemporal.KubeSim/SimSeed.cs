using System.Text.Json.Nodes;

namespace CnpgDrTemporal.KubeSim;

/// <summary>Objects shaped like the real ones (see shared/design/examples), written straight into the store.</summary>
public sealed class SimSeed(ObjectStore store)
{
    public const string OldTime = "2026-01-01T00:00:00Z";
    public const string PluginName = "barman-cloud.cloudnative-pg.io";

    /// <summary>An Application deploying <c>cloudnative-pg/&lt;db&gt;</c> whose Cluster is Synced, last reconciled and synced long ago.</summary>
    public JsonObject Application(string name, string path, string clusterNamespace, string cluster, Action<JsonObject>? tweak = null)
    {
        var app = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = new JsonObject() },
            ["spec"] = new JsonObject
            {
                ["project"] = "default",
                ["source"] = new JsonObject { ["repoURL"] = "https://git.example/infra.git", ["path"] = path, ["targetRevision"] = "main" },
                ["destination"] = new JsonObject { ["server"] = "https://kubernetes.default.svc", ["namespace"] = clusterNamespace },
                ["syncPolicy"] = new JsonObject(),
            },
            ["status"] = new JsonObject
            {
                ["reconciledAt"] = OldTime,
                ["sync"] = new JsonObject { ["status"] = "Synced", ["revision"] = new string('0', 40) },
                ["resources"] = new JsonArray(new JsonObject { ["group"] = "postgresql.cnpg.io", ["version"] = "v1", ["kind"] = "Cluster", ["namespace"] = clusterNamespace, ["name"] = cluster, ["status"] = "Synced" }),
                ["operationState"] = new JsonObject { ["phase"] = "Succeeded", ["startedAt"] = OldTime, ["finishedAt"] = OldTime, ["syncResult"] = new JsonObject { ["revision"] = new string('0', 40) } },
            },
        };
        tweak?.Invoke(app);
        return store.Create(ResourceType.Applications, "argocd", app);
    }

    public JsonObject ApplicationSet(string name, Action<JsonObject> tweak)
    {
        var set = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject() } } };
        tweak(set);
        return store.Create(ResourceType.ApplicationSets, "argocd", set);
    }

    /// <summary>A live, healthy Cluster (with status, so the CNPG script leaves it alone).</summary>
    public JsonObject LiveCluster(string ns, string name, bool plugin = true, string lineage = "v1", bool archiving = true) =>
        store.Create(ResourceType.Clusters, ns, ClusterSpec(name, plugin, lineage, recoveryFrom: null, status: new JsonObject
        {
            ["phase"] = "Cluster in healthy state",
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "Ready", ["status"] = "True" },
                new JsonObject { ["type"] = "ContinuousArchiving", ["status"] = archiving ? "True" : "False", ["reason"] = archiving ? "ok" : "ContinuousArchivingFailing", ["message"] = archiving ? "ok" : "unexpected failure invoking barman-cloud-wal-archive" }),
        }));

    /// <summary>A Cluster as Argo creates it from the recovery overlay: no status yet, so the CNPG script recovers it.</summary>
    public JsonObject RecoveringCluster(string ns, string name, string source = "v6", string lineage = "v9", bool plugin = true) =>
        store.Create(ResourceType.Clusters, ns, ClusterSpec(name, plugin, lineage, recoveryFrom: source, status: null));

    public JsonObject InitdbCluster(string ns, string name) => store.Create(ResourceType.Clusters, ns, ClusterSpec(name, true, "v9", recoveryFrom: null, status: null, initdb: true));

    public JsonObject Pvc(string ns, string name, string cluster, params string[] finalizers) =>
        store.Create(ResourceType.Pvcs, ns, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { ["cnpg.io/cluster"] = cluster, ["cnpg.io/pvcRole"] = "PG_DATA" },
                ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray()),
            },
            ["spec"] = new JsonObject { ["storageClassName"] = "longhorn" },
            ["status"] = new JsonObject { ["phase"] = "Bound" },
        });

    public JsonObject Deployment(string ns, string name, int replicas = 2, string? app = null) =>
        store.Create(ResourceType.Deployments, ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = app ?? name } },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app ?? name } },
                ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app ?? name } }, ["spec"] = new JsonObject() },
            },
        });

    private static JsonObject ClusterSpec(string name, bool plugin, string lineage, string? recoveryFrom, JsonObject? status, bool initdb = false)
    {
        var server = $"{name}-{lineage}";
        var spec = new JsonObject { ["instances"] = 1, ["storage"] = new JsonObject { ["size"] = "1Gi" } };
        if (plugin)
        {
            spec["plugins"] = new JsonArray(new JsonObject { ["name"] = PluginName, ["isWALArchiver"] = true, ["parameters"] = new JsonObject { ["barmanObjectName"] = $"{name}-store", ["serverName"] = server } });
        }
        else
        {
            spec["backup"] = new JsonObject { ["barmanObjectStore"] = new JsonObject { ["destinationPath"] = "s3://postgres-backups/cnpg/x", ["serverName"] = server } };
        }

        if (recoveryFrom is not null)
        {
            spec["bootstrap"] = new JsonObject { ["recovery"] = new JsonObject { ["source"] = "recovery-source", ["database"] = "app" } };
            var source = plugin
                ? new JsonObject { ["name"] = "recovery-source", ["plugin"] = new JsonObject { ["name"] = PluginName, ["parameters"] = new JsonObject { ["barmanObjectName"] = $"{name}-store", ["serverName"] = $"{name}-{recoveryFrom}" } } }
                : new JsonObject { ["name"] = "recovery-source", ["barmanObjectStore"] = new JsonObject { ["serverName"] = $"{name}-{recoveryFrom}" } };
            spec["externalClusters"] = new JsonArray(source);
        }
        else if (initdb)
        {
            spec["bootstrap"] = new JsonObject { ["initdb"] = new JsonObject { ["database"] = "app" } };
        }

        var cluster = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
        if (status is not null)
        {
            cluster["status"] = status;
        }

        return cluster;
    }
}
