using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json.Nodes;

namespace CnpgDrTemporal.Activities.Argo;

/// <summary>The ArgoCD hazards of the runbook, judged from an Application (and its ApplicationSet) alone.</summary>
public static class ArgoGuards
{
    private const string CnpgGroup = "postgresql.cnpg.io";

    public static ApplicationFacts Facts(JsonObject app, string clusterName)
    {
        var automated = app.At("spec", "syncPolicy", "automated") is JsonObject a && a.Bool("enabled") != false;
        return new ApplicationFacts(
            app.Str("metadata", "namespace") ?? "?",
            app.Name(),
            app.Str("spec", "source", "repoURL") ?? app.Objects("spec", "sources").Select(s => s.Str("repoURL")).FirstOrDefault(),
            Paths(app),
            app.Str("spec", "source", "targetRevision") ?? app.Objects("spec", "sources").Select(s => s.Str("targetRevision")).FirstOrDefault(),
            app.Str("spec", "destination", "namespace"),
            automated,
            automated && app.Bool("spec", "syncPolicy", "automated", "selfHeal") == true,
            automated && app.Bool("spec", "syncPolicy", "automated", "prune") == true,
            app.Str("metadata", "annotations", ArgoNames.SkipReconcileAnnotation) == "true",
            OwnerApplicationSet(app),
            app.Str("status", "sync", "status"),
            ClusterResource(app, clusterName)?.Str("status"),
            app.Str("status", "reconciledAt"));
    }

    public static IReadOnlyList<string> Paths(JsonNode app)
    {
        var single = app.Str("spec", "source", "path");
        var many = app.Objects("spec", "sources").Select(s => s.Str("path")).OfType<string>();
        return (single is null ? many : many.Prepend(single)).ToList();
    }

    public static string? OwnerApplicationSet(JsonNode app) =>
        app.Objects("metadata", "ownerReferences").FirstOrDefault(o => o.Str("kind") == "ApplicationSet")?.Str("name");

    /// <summary><c>status.resources[kind=Cluster,name=...]</c>: Argo's view of the live Cluster.</summary>
    public static JsonObject? ClusterResource(JsonNode app, string clusterName) =>
        app.Objects("status", "resources").FirstOrDefault(r => r.Str("kind") == Crd.Cluster.Kind && r.Str("name") == clusterName && (r.Str("group") ?? CnpgGroup) == CnpgGroup);

    public static IEnumerable<Finding> Check(JsonObject app, JsonObject? appSet, ApplicationFacts facts, DatabaseOptions db, string clusterName)
    {
        var where = $"{Crd.Application.Describe(facts.Namespace, facts.Name)}";
        yield return PathFinding(facts, db, where);

        if (facts.SelfHeal)
        {
            yield return new Finding(FindingCodes.SelfHeal, FindingLevel.Refusal,
                "selfHeal would re-create the deleted Cluster from git before its PVCs are gone; disable it for the recovery",
                $"{where}: spec.syncPolicy.automated.selfHeal=true");
        }
        else if (facts.Automated)
        {
            yield return new Finding(FindingCodes.AutoSync, FindingLevel.Warning,
                "automated sync is on (without selfHeal): Argo may sync the pushed commit on its own", $"{where}: spec.syncPolicy.automated present");
        }
        else
        {
            yield return new Finding(FindingCodes.AutoSync, FindingLevel.Pass, "manual sync", $"{where}: no spec.syncPolicy.automated");
        }

        yield return facts.SkipReconcile
            ? new Finding(FindingCodes.SkipReconcile, FindingLevel.Refusal,
                "the Application is frozen: a sync would report success while nothing happens; remove the annotation",
                $"{where}: metadata.annotations[{ArgoNames.SkipReconcileAnnotation}]=true")
            : new Finding(FindingCodes.SkipReconcile, FindingLevel.Pass, "reconciliation enabled", $"{where}: no {ArgoNames.SkipReconcileAnnotation}=true");

        var stripped = IgnoresBootstrap(app.At("spec"), clusterName) is { } own ? $"{where}: {own}" : null;
        if (stripped is null && appSet is not null && IgnoresBootstrap(appSet.At("spec", "template", "spec"), clusterName) is { } inherited)
        {
            stripped = $"{Crd.ApplicationSet.Describe(facts.Namespace, appSet.Name())}: spec.template.spec {inherited}";
        }

        yield return stripped is not null
            ? new Finding(FindingCodes.IgnoreBootstrap, FindingLevel.Refusal,
                "ignoreDifferences on the Cluster's /spec/bootstrap with RespectIgnoreDifferences=true would strip the recovery stanza from the sync",
                stripped)
            : new Finding(FindingCodes.IgnoreBootstrap, FindingLevel.Pass, "the bootstrap stanza is synced as written", $"{where}{(appSet is null ? string.Empty : $" and ApplicationSet {appSet.Name()}")}: no ignored /spec/bootstrap with RespectIgnoreDifferences");
    }

    /// <summary>Evidence when an Application spec ignores the Cluster's bootstrap AND respects ignored differences on sync.</summary>
    public static string? IgnoresBootstrap(JsonNode? spec, string clusterName)
    {
        if (!spec.Strings("syncPolicy", "syncOptions").Contains(ArgoNames.RespectIgnoreDifferences, StringComparer.Ordinal))
        {
            return null;
        }

        foreach (var rule in spec.Objects("ignoreDifferences"))
        {
            if (!Matches(rule.Str("group"), CnpgGroup) || !Matches(rule.Str("kind"), Crd.Cluster.Kind) || !Matches(rule.Str("name"), clusterName))
            {
                continue;
            }

            var pointer = rule.Strings("jsonPointers").FirstOrDefault(p => Covers(p.TrimEnd('/'), "/spec/bootstrap", '/'));
            var jq = rule.Strings("jqPathExpressions").FirstOrDefault(p => Covers(p.Trim(), ".spec.bootstrap", '.'));
            if ((pointer ?? jq) is { } path)
            {
                return $"ignoreDifferences[kind={rule.Str("kind")}] ignores '{path}' and syncOptions has {ArgoNames.RespectIgnoreDifferences}";
            }
        }

        return null;
    }

    private static Finding PathFinding(ApplicationFacts facts, DatabaseOptions db, string where)
    {
        var evidence = $"{where}: source path(s) {(facts.Paths.Count == 0 ? "none" : string.Join(", ", facts.Paths))}";
        bool Fits(string p) => string.IsNullOrWhiteSpace(db.Path)
            ? p.TrimEnd('/').Split('/').Last() == db.Database
            : p.Trim('/') == db.Path.Trim('/');
        var expected = string.IsNullOrWhiteSpace(db.Path) ? $"a path ending in /{db.Database}" : $"path {db.Path} (Dr:Databases:{db.Database}:Path)";
        return facts.Paths.Any(Fits)
            ? new Finding(FindingCodes.ApplicationPath, FindingLevel.Pass, $"the Application deploys {expected}", evidence)
            : new Finding(FindingCodes.ApplicationPath, FindingLevel.Refusal, $"the Application does not deploy {expected}: wrong Application (set Dr:Databases:{db.Database}:Application)", evidence);
    }

    private static bool Matches(string? value, string wanted) => string.IsNullOrEmpty(value) || value == "*" || value == wanted;

    /// <summary>True when ignoring <paramref name="path"/> ignores (part of) <paramref name="target"/>: an ancestor, itself, or a child.</summary>
    private static bool Covers(string path, string target, char separator) =>
        path.Length == 0 || path == target ||
        target.StartsWith(path + separator, StringComparison.Ordinal) ||
        path.StartsWith(target + separator, StringComparison.Ordinal) ||
        path.StartsWith(target + "[", StringComparison.Ordinal);
}
