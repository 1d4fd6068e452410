using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json.Nodes;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.KubeSim;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Cnpg;

public sealed class PreflightTests
{
    private static readonly Dictionary<string, string?> Consumers = new()
    {
        ["Dr:Databases:paperless:ConsumerNamespaces:0"] = "paperless",
    };

    [Fact]
    public async Task Passes_and_reports_every_fact_without_changing_anything()
    {
        await using var bed = await StartAsync(settings: Consumers);
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, plugin: true, lineage: "v9");
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, "kubernetes.io/pvc-protection");
        bed.Sim.Seed.Deployment("paperless", "paperless-web");
        bed.Sim.Seed.Deployment("paperless", "paperless-worker");

        var report = await bed.Preflight.RunAsync(Db, Ct);

        Assert.True(report.Passed, string.Join("\n", report.Refusals));
        Assert.Equal(new ClusterRef(Ns, ClusterName), report.Target.Cluster);
        Assert.Equal(new AppRef("argocd", Db), report.Target.Application);
        Assert.Equal("paperless-database-v9", report.Cluster!.WriteLineage);
        Assert.Equal("plugin", report.Cluster.BackupMethod);
        Assert.Equal("Cluster in healthy state", report.Cluster.Phase);
        Assert.Equal([$"{ClusterName}-1"], report.Pvcs.Select(p => p.Name));
        Assert.Equal(["paperless-web", "paperless-worker"], report.Consumers.Select(c => c.Name));
        Assert.False(report.Application!.SelfHeal);
        Assert.All(report.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Evidence)));
        Assert.All(bed.Sim.Server.Requests, r => Assert.StartsWith("GET ", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_selfHeal_with_its_evidence()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName, app =>
            app["spec"]!["syncPolicy"] = JsonNode.Parse("""{"automated":{"prune":true,"selfHeal":true}}"""));

        var report = await bed.Preflight.RunAsync(Db, Ct);

        var refusal = Assert.Single(report.Refusals);
        Assert.Equal(FindingCodes.SelfHeal, refusal.Code);
        Assert.Contains("selfHeal=true", refusal.Evidence, StringComparison.Ordinal);
        Assert.True(report.Application!.Automated);
    }

    [Fact]
    public async Task Refuses_skip_reconcile()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName, app =>
            app["metadata"]!["annotations"]!["argocd.argoproj.io/skip-reconcile"] = "true");

        var report = await bed.Preflight.RunAsync(Db, Ct);

        Assert.Equal(FindingCodes.SkipReconcile, Assert.Single(report.Refusals).Code);
    }

    [Fact]
    public async Task Refuses_an_ApplicationSet_that_strips_the_bootstrap_with_RespectIgnoreDifferences()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.ApplicationSet("databases", set => set["spec"]!["template"]!["spec"] = JsonNode.Parse("""
            {"ignoreDifferences":[{"group":"postgresql.cnpg.io","kind":"Cluster","jsonPointers":["/spec/bootstrap"]}],
             "syncPolicy":{"syncOptions":["CreateNamespace=true","RespectIgnoreDifferences=true"]}}
            """));
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName, app =>
            app["metadata"]!["ownerReferences"] = JsonNode.Parse("""[{"apiVersion":"argoproj.io/v1alpha1","kind":"ApplicationSet","name":"databases","uid":"u1"}]"""));

        var report = await bed.Preflight.RunAsync(Db, Ct);

        var refusal = Assert.Single(report.Refusals);
        Assert.Equal(FindingCodes.IgnoreBootstrap, refusal.Code);
        Assert.Contains("databases", refusal.Evidence, StringComparison.Ordinal);
        Assert.Contains("/spec/bootstrap", refusal.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ignored_bootstrap_without_RespectIgnoreDifferences_is_not_a_refusal()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName, app =>
            app["spec"]!["ignoreDifferences"] = JsonNode.Parse("""[{"group":"postgresql.cnpg.io","kind":"Cluster","jqPathExpressions":[".spec.bootstrap.recovery"]}]"""));

        var report = await bed.Preflight.RunAsync(Db, Ct);

        Assert.True(report.Passed);
    }

    [Fact]
    public async Task Refuses_a_missing_Application_and_still_reads_the_configured_namespace()
    {
        await using var bed = await StartAsync(settings: new() { ["Dr:Databases:paperless:Namespace"] = Ns });
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName);

        var report = await bed.Preflight.RunAsync(Db, Ct);

        var refusal = Assert.Single(report.Refusals);
        Assert.Equal(FindingCodes.ApplicationMissing, refusal.Code);
        Assert.Contains("404", refusal.Evidence, StringComparison.Ordinal);
        Assert.False(report.Cluster!.Present);
        Assert.Single(report.Pvcs);
    }

    [Fact]
    public async Task Refuses_an_Application_that_deploys_another_path()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/gitea", Ns, ClusterName);

        var report = await bed.Preflight.RunAsync(Db, Ct);

        var refusal = Assert.Single(report.Refusals);
        Assert.Equal(FindingCodes.ApplicationPath, refusal.Code);
        Assert.Contains("cloudnative-pg/gitea", refusal.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_an_absent_Cluster_as_information()
    {
        await using var bed = await StartAsync(settings: new() { ["Dr:Databases:paperless:Application"] = "db-paperless", ["Dr:Databases:paperless:ClusterName"] = "pg" });
        bed.Sim.Seed.Application("db-paperless", "cloudnative-pg/paperless", Ns, "pg");

        var report = await bed.Preflight.RunAsync(Db, Ct);

        Assert.True(report.Passed);
        Assert.Contains(report.Findings, f => f.Code == FindingCodes.ClusterAbsent);
        Assert.Equal(new ClusterRef(Ns, "pg"), report.Target.Cluster);
    }

    [Fact]
    public async Task A_forbidden_read_names_the_verb_and_the_resource()
    {
        await using var bed = await StartAsync();
        bed.Sim.Server.Faults.Add(new Fault("GET", "/applications/paperless", 403, "Forbidden", Times: 10));

        var e = await Assert.ThrowsAsync<KubeApiException>(() => bed.Preflight.RunAsync(Db, Ct));

        Assert.Contains("permission denied: cannot get applications.argoproj.io argocd/paperless", e.Message, StringComparison.Ordinal);
        Assert.Single(bed.Sim.Server.Faults.Fired);
    }

    [Fact]
    public async Task Transient_errors_and_connection_resets_are_retried()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);
        bed.Sim.Server.Faults.Add(new Fault("GET", "/applications/paperless", 503, "ServiceUnavailable"));
        bed.Sim.Server.Faults.Add(new Fault("GET", "/clusters/paperless-database", 0, ResetConnection: true));
        bed.Sim.Server.Faults.Add(new Fault("GET", "/persistentvolumeclaims", 429, "TooManyRequests"));

        var report = await bed.Preflight.RunAsync(Db, Ct);

        Assert.True(report.Passed);
        Assert.Equal(3, bed.Sim.Server.Faults.Fired.Count);
    }

    [Fact]
    public async Task A_bad_database_name_is_refused_before_any_call()
    {
        await using var bed = await StartAsync();

        await Assert.ThrowsAsync<DrException>(() => bed.Preflight.RunAsync("../etc", Ct));

        Assert.Empty(bed.Sim.Server.Requests);
    }
}
