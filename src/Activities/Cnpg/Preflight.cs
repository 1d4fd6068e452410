using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;

namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>
/// Step 0's cluster half, read-only: the Application and its hazards, the live Cluster, its PVCs and
/// the consumer Deployments. Never changes anything.
/// </summary>
public sealed class Preflight(KubeApi api, IConfiguration configuration)
{
    /// <summary>The settings the cluster steps wait by, for the plan's step timings.</summary>
    public KubernetesOptions Options => api.Options;

    public async Task<PreflightReport> RunAsync(string database, CancellationToken ct)
    {
        var db = DatabaseOptions.For(configuration, database);
        var findings = new List<Finding>();
        var appRef = new AppRef(api.Options.ArgoNamespace, db.ApplicationName);
        var clusterName = db.ClusterNameOrDefault;

        var app = await api.GetAsync(Crd.Application, appRef.Namespace, appRef.Name, ct).ConfigureAwait(false);
        ApplicationFacts? appFacts = null;
        if (app is null)
        {
            findings.Add(new Finding(FindingCodes.ApplicationMissing, FindingLevel.Refusal,
                $"no Application {appRef.Name} in namespace {appRef.Namespace} (set Dr:Databases:{database}:Application or Dr:Kubernetes:ArgoNamespace)",
                $"GET {Crd.Application.Describe(appRef.Namespace, appRef.Name)}: 404 at {api.Endpoint}"));
        }
        else
        {
            appFacts = ArgoGuards.Facts(app, clusterName);
            findings.Add(new Finding(FindingCodes.ApplicationFound, FindingLevel.Pass, $"Application {appRef} found",
                $"repo {appFacts.RepoUrl ?? "-"} revision {appFacts.TargetRevision ?? "-"}, sync {appFacts.SyncStatus ?? "-"}, Cluster resource {appFacts.ClusterSyncStatus ?? "not listed"}"));
            var appSet = await OwnerAppSetAsync(app, appRef, findings, ct).ConfigureAwait(false);
            findings.AddRange(ArgoGuards.Check(app, appSet, appFacts, db, clusterName));
        }

        var ns = ClusterNamespace(db, app, clusterName);
        ClusterRef? clusterRef = ns is null ? null : new ClusterRef(ns, clusterName);
        ClusterFacts? clusterFacts = null;
        var pvcs = new List<PvcFacts>();
        if (clusterRef is null)
        {
            findings.Add(new Finding(FindingCodes.NamespaceUnknown, FindingLevel.Refusal,
                $"the Cluster's namespace is unknown: set Dr:Databases:{database}:Namespace", "no configured namespace and no Application to read it from"));
        }
        else
        {
            var live = await api.GetAsync(Crd.Cluster, clusterRef.Namespace, clusterRef.Name, ct).ConfigureAwait(false);
            clusterFacts = ClusterShape.Facts(clusterRef, live, api.Options.BarmanPluginName);
            findings.Add(ClusterFinding(clusterFacts));
            pvcs = await PvcsAsync(clusterRef, ct).ConfigureAwait(false);
            findings.Add(new Finding(FindingCodes.Pvcs, FindingLevel.Info, $"{pvcs.Count} PVC(s) labelled {CnpgNames.ClusterSelector(clusterName)}",
                pvcs.Count == 0 ? "none" : string.Join(", ", pvcs.Select(p => p.Terminating ? $"{p.Name} (Terminating, finalizers {string.Join("/", p.Finalizers)})" : $"{p.Name} ({p.Phase})"))));
        }

        var consumers = await ConsumersAsync(db, findings, ct).ConfigureAwait(false);
        var target = new ClusterTarget(database, appRef, clusterRef, db.ConsumerNamespaces, db.ConsumerSelector);
        return new PreflightReport(database, target, findings.All(f => f.Level != FindingLevel.Refusal), findings, appFacts, clusterFacts, pvcs, consumers);
    }

    /// <summary>Configured, else where Argo says the Cluster lives, else the Application's destination.</summary>
    private static string? ClusterNamespace(DatabaseOptions db, JsonObject? app, string clusterName)
    {
        if (!string.IsNullOrWhiteSpace(db.Namespace))
        {
            return db.Namespace;
        }

        return app is null ? null : ArgoGuards.ClusterResource(app, clusterName)?.Str("namespace") ?? app.Str("spec", "destination", "namespace");
    }

    private async Task<JsonObject?> OwnerAppSetAsync(JsonObject app, AppRef appRef, List<Finding> findings, CancellationToken ct)
    {
        if (ArgoGuards.OwnerApplicationSet(app) is not { } owner)
        {
            return null;
        }

        var appSet = await api.GetAsync(Crd.ApplicationSet, appRef.Namespace, owner, ct).ConfigureAwait(false);
        findings.Add(appSet is null
            ? new Finding(FindingCodes.ApplicationSet, FindingLevel.Warning, $"owning ApplicationSet {owner} not found: its template could not be checked", $"GET {Crd.ApplicationSet.Describe(appRef.Namespace, owner)}: 404")
            : new Finding(FindingCodes.ApplicationSet, FindingLevel.Info, $"owned by ApplicationSet {owner}", $"{Crd.Application.Describe(appRef.Namespace, appRef.Name)}: metadata.ownerReferences[kind=ApplicationSet]"));
        return appSet;
    }

    private static Finding ClusterFinding(ClusterFacts c)
    {
        var evidence = $"{Crd.Cluster.Describe(c.Namespace, c.Name)}: phase '{c.Phase ?? "-"}', bootstrap {c.Bootstrap ?? "-"}, write lineage {c.WriteLineage ?? "-"} ({c.BackupMethod ?? "no backup"})";
        if (!c.Present)
        {
            return new Finding(FindingCodes.ClusterAbsent, FindingLevel.Info, "no live Cluster (a rebuild or an earlier delete)", $"GET {Crd.Cluster.Describe(c.Namespace, c.Name)}: 404");
        }

        return c.Terminating
            ? new Finding(FindingCodes.ClusterTerminating, FindingLevel.Warning, "the live Cluster is being deleted", evidence)
            : new Finding(FindingCodes.ClusterLive, FindingLevel.Info, $"live Cluster in phase '{c.Phase ?? "-"}'", evidence);
    }

    private async Task<List<PvcFacts>> PvcsAsync(ClusterRef cluster, CancellationToken ct)
    {
        var list = await api.Calls.RunAsync("list", $"persistentvolumeclaims in {cluster.Namespace}",
            c => api.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(cluster.Namespace, labelSelector: CnpgNames.ClusterSelector(cluster.Name), cancellationToken: c), ct).ConfigureAwait(false);
        return list.Items
            .Select(p => new PvcFacts(p.Name(), p.Status?.Phase, p.Metadata.DeletionTimestamp is not null, p.Metadata.Finalizers?.ToList() ?? [], p.Metadata.Uid))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<List<ConsumerFacts>> ConsumersAsync(DatabaseOptions db, List<Finding> findings, CancellationToken ct)
    {
        var consumers = new List<ConsumerFacts>();
        if (db.ConsumerNamespaces.Count == 0)
        {
            findings.Add(new Finding(FindingCodes.Consumers, FindingLevel.Info, "no consumer namespaces configured: nothing will be restarted", $"Dr:Databases:{db.Database}:ConsumerNamespaces empty"));
            return consumers;
        }

        foreach (var ns in db.ConsumerNamespaces)
        {
            var list = await api.Calls.RunAsync("list", $"deployments in {ns}",
                c => api.Client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: db.ConsumerSelector, cancellationToken: c), ct).ConfigureAwait(false);
            var found = list.Items.Select(d => new ConsumerFacts(ns, d.Name(), d.Spec?.Replicas ?? 1)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
            consumers.AddRange(found);
            var selector = db.ConsumerSelector is null ? string.Empty : $" matching {db.ConsumerSelector}";
            findings.Add(found.Count == 0
                ? new Finding(FindingCodes.Consumers, FindingLevel.Warning, $"no Deployment{selector} in consumer namespace {ns}", $"LIST deployments.apps in {ns}: 0 items")
                : new Finding(FindingCodes.Consumers, FindingLevel.Info, $"{found.Count} consumer Deployment(s){selector} in {ns}", string.Join(", ", found.Select(d => d.Name))));
        }

        return consumers;
    }
}
