using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.KubeSim.Controllers;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Kubernetes;

/// <summary>
/// <c>deploy/base/rbac.yaml</c> against the requests the code really makes: the recovery's step activities
/// (preflight, hard refresh, delete, PVC wait, finalizer removal, sync, recovery watch with its log
/// follow, lineage proof, consumer restart), a database password read from its Secret, and a cluster
/// drill (scratch Cluster created, watched, validated with its Secret's password, deleted with its PVC)
/// run on the simulator, which records every request. (a) every request is granted, (b) every grant is
/// used. The drill and the password read need the lab (catalog in S3, PostgreSQL).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RbacCoverageTests(LabFixture lab, ITestOutputHelper output)
{
    public const string ServiceAccountNamespace = "cnpg-dr";
    public const string ServiceAccount = "cnpg-dr";
    private const string ArgoNs = "argocd";
    private const string ConsumerNs = "paperless";
    private const string DrillNs = "cnpg-drills";
    private const string PasswordSecret = $"{ClusterName}-app";
    private const string Pushed = "9b2e4f6a8c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f";

    /// <summary>How long a scripted controller waits for the watch it releases (then goes on, and (b) names the missing watch).</summary>
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(8);

    /// <summary>The test's namespaces → the namespaces of rbac.yaml (defaults or placeholders).</summary>
    public static readonly IReadOnlyDictionary<string, string> Namespaces = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ArgoNs] = "argocd",                 // Dr:Kubernetes:ArgoNamespace default
        [Ns] = "database-namespace",         // placeholder: a database namespace
        [ConsumerNs] = "consumer-namespace", // placeholder: a consumer namespace
        [DrillNs] = "cnpg-drills",           // Dr:DrillCluster:Namespace default
    };

    /// <summary>The test's object names → the resourceNames placeholders of rbac.yaml.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PasswordSecret] = "database-app-secret",
    };

    public static string RbacYaml => Path.Combine(RepoPaths.Root, "deploy", "base", "rbac.yaml");

    [Fact]
    public async Task Rbac_yaml_grants_every_request_of_the_cluster_code_paths_and_nothing_they_do_not_make()
    {
        var recorded = await RunCodePathsAsync();
        var requests = recorded.Select(RbacRequest.Parse).ToList();
        var policy = RbacPolicy.Load(RbacYaml, ServiceAccountNamespace, ServiceAccount);
        var check = new RbacCheck(policy, Namespaces, Names);

        foreach (var kind in requests.Select(check.Translate).Select(t => t.Problem ?? t.Request.Describe(t.Namespace)).Distinct().Order(StringComparer.Ordinal))
        {
            output.WriteLine(kind);
        }

        var denied = check.Denied(requests);
        var unused = check.Unused(requests);
        var problems = policy.Problems.Concat(denied).Concat(unused).ToList();
        Assert.True(problems.Count == 0, $"deploy/base/rbac.yaml does not match the {requests.Count} requests of the code paths:\n  {string.Join("\n  ", problems)}");
    }

    /// <summary>Runs the code paths on one simulated cluster and returns every request it served.</summary>
    private async Task<IReadOnlyList<string>> RunCodePathsAsync()
    {
        var settings = new Dictionary<string, string?>(lab.Settings())
        {
            ["Dr:Databases:paperless:Namespace"] = Ns,
            ["Dr:Databases:paperless:ConsumerNamespaces:0"] = ConsumerNs,
            ["Dr:Databases:paperless:Sql:Host"] = "127.0.0.1",
            ["Dr:Databases:paperless:Sql:Port"] = lab.Fact("livePort"),
            ["Dr:Databases:paperless:Sql:Database"] = lab.Fact("database"),
            ["Dr:Databases:paperless:Sql:Username"] = lab.Fact("appUser"),
            ["Dr:Databases:paperless:Sql:PasswordSecret"] = PasswordSecret,
            ["Dr:Databases:paperless:Sql:ConnectTimeoutSeconds"] = "3",
            ["Dr:DrillCluster:Namespace"] = DrillNs,
            ["Dr:DrillCluster:Host"] = "127.0.0.1",
            ["Dr:DrillCluster:Port"] = lab.Fact("livePort"),
        };
        foreach (var (k, v) in lab.SqlSettings())
        {
            settings[k] = v;
        }

        await using var bed = await StartAsync(settings: settings);
        var sim = bed.Sim;

        // Seeded straight into the store (not through the API: only the code's requests are recorded).
        sim.Seed.ApplicationSet("databases", _ => { });
        sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName, app =>
            app["metadata"]!["ownerReferences"] = JsonNode.Parse("""[{"apiVersion":"argoproj.io/v1alpha1","kind":"ApplicationSet","name":"databases","uid":"u1"}]"""));
        sim.Seed.LiveCluster(Ns, ClusterName, lineage: "v8");
        sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, "kubernetes.io/pvc-protection");
        sim.Seed.Pvc(Ns, $"{ClusterName}-2", ClusterName, "kubernetes.io/pvc-protection");
        sim.Seed.Deployment(ConsumerNs, "paperless-web");
        SeedPassword(sim, Ns, PasswordSecret, lab.Fact("appPassword"));
        sim.Storage.HoldFinalizers = true;
        sim.Argo.OnSynced = (_, _) => sim.Seed.RecoveringCluster(Ns, ClusterName, source: "v6", lineage: "v9");
        // The restore job logs only once the watch on its pods is open, so that watch (and the Cluster's,
        // which alone sees it turn healthy) is requested whatever the timing. CNPG also gives a drill's
        // scratch Cluster a PVC, which the drill's cleanup must delete.
        sim.Cnpg.RecoveryLogSource = c =>
        {
            var since = sim.Server.Requests.Count;
            if (c.Namespace == DrillNs)
            {
                sim.Seed.Pvc(c.Namespace, $"{c.Name}-1", c.Name);
                SeedPassword(sim, c.Namespace, $"{c.Name}-app", lab.Fact("appPassword"));
            }

            return RestoreLogAsync(sim, since, r => r is { Verb: "watch", Resource: "pods" } && r.Namespace == c.Namespace);
        };

        await using var services = bed.Services();
        var a = services.GetRequiredService<RecoveryActivities>();

        // Preflight (also run by every step to resolve its target), hard refresh, approved delete.
        var pinned = (await bed.Preflight.RunAsync(Db, Ct)).PinnedTarget()!;
        var refreshed = await a.HardRefreshAsync(new HardRefreshRequest(Db));
        var deleted = await a.DeleteClusterAsync(new DeleteClusterRequest(Db, "plan-hash", pinned));

        // Both PVCs stuck: the wait reports them, the first is released by finalizer removal, the second
        // detaches slowly (once the wait watches), which only the watch sees.
        var stuck = await a.WaitPvcsGoneAsync(new WaitPvcsGoneRequest(Db, TimeSpan.FromMilliseconds(500)));
        var released = await a.RemovePvcFinalizersAsync(new RemovePvcFinalizersRequest(Db, [$"{ClusterName}-1"]));
        var detach = AfterRequestAsync(sim, sim.Server.Requests.Count, r => r is { Verb: "watch", Resource: "persistentvolumeclaims" }, () => sim.Storage.Release($"{ClusterName}-2"));
        var gone = await a.WaitPvcsGoneAsync(new WaitPvcsGoneRequest(Db, TimeSpan.FromSeconds(10)));
        await detach;

        var synced = await a.SyncAsync(new SyncRequest(Db, Pushed));
        var recovered = await bed.RunAsActivityAsync(() => a.WatchRecoveryAsync(new WatchRecoveryRequest(Db, "7412345678901234567", null, TimeSpan.FromSeconds(30))));

        // The first backup completes once the proof watches it; a retry finds it (409) and reads it.
        sim.Cnpg.Backups = BackupBehaviour.Never;
        var backupDone = AfterRequestAsync(sim, sim.Server.Requests.Count, r => r is { Verb: "watch", Resource: "backups" }, () => CompleteBackups(sim, Ns));
        var proof = await a.ProveLineageAsync(new ProveLineageRequest(Db, "paperless-database-v9"));
        await backupDone;
        var retried = await bed.Lineage.RunAsync(bed.Cluster, "paperless-database-v9", proof.BackupName, Ct);

        var restarted = await a.RestartConsumersAsync(new RestartConsumersRequest(Db, []));

        // A database password from its Secret (Dr:Databases:<db>:Sql:PasswordSecret), as baseline and validation read it.
        await using (var connection = await services.GetRequiredService<DatabaseConnector>().OpenAsync(Db, Ct))
        {
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        }

        // A cluster drill: scratch Cluster created, recovery watched, validated over SQL with its Secret's password, deleted.
        var drill = await services.GetRequiredService<ClusterDrill>().RunAsync(new DrillInput("app", DrillMode.Cluster, "app-database-v2"), Ct);

        // Each path ran to its end: otherwise fewer requests would be checked than the code makes.
        Assert.True(refreshed.ClusterOutOfSync);
        Assert.True(deleted.ClusterWasPresent);
        Assert.Equal(2, stuck.Stuck.Count);
        Assert.Equal([$"{ClusterName}-1"], released.Released);
        Assert.Empty(gone.Stuck);
        Assert.Equal(Pushed, synced.Revision);
        Assert.True(recovered.Done);
        Assert.True(proof.Proven, proof.Detail);
        Assert.Equal(proof.BackupName, retried.BackupName);
        Assert.Single(restarted.Rollouts);
        Assert.True(drill.Verdict == "pass", drill.Failure);
        Assert.Null(sim.Store.Get(new ObjectKey(ResourceType.Clusters, DrillNs, ScratchCluster.NameFor("app", drill.StartedAt))));
        Assert.Empty(sim.Store.List(ResourceType.Pvcs, DrillNs).Items);
        Assert.Empty(sim.ControllerErrors);
        return sim.Server.Requests;
    }

    private static void SeedPassword(KubeSimulator sim, string ns, string name, string password) =>
        sim.Store.Create(ResourceType.Secrets, ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["data"] = new JsonObject { ["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(password)) },
        });

    private static async IAsyncEnumerable<string> RestoreLogAsync(KubeSimulator sim, int since, Func<RbacRequest, bool> opened)
    {
        await UntilRequestedAsync(sim, since, opened);
        foreach (var line in RecoveryScripts.Success(2).Lines)
        {
            yield return line;
        }
    }

    /// <summary>Runs <paramref name="act"/> once a matching request arrived after <paramref name="since"/> (or after <see cref="GateTimeout"/>).</summary>
    private static async Task AfterRequestAsync(KubeSimulator sim, int since, Func<RbacRequest, bool> match, Action act)
    {
        await UntilRequestedAsync(sim, since, match);
        act();
    }

    private static async Task UntilRequestedAsync(KubeSimulator sim, int since, Func<RbacRequest, bool> match)
    {
        var deadline = DateTimeOffset.UtcNow + GateTimeout;
        while (DateTimeOffset.UtcNow < deadline && !sim.Server.Requests.Skip(since).Select(RbacRequest.Parse).Any(match))
        {
            await Task.Delay(10);
        }
    }

    private static void CompleteBackups(KubeSimulator sim, string ns)
    {
        foreach (var b in sim.Store.List(ResourceType.Backups, ns).Items.Where(b => b["status"]?["phase"]?.GetValue<string>() != "completed"))
        {
            sim.Store.Update(new ObjectKey(ResourceType.Backups, ns, b["metadata"]!["name"]!.GetValue<string>()), o =>
            {
                o["status"] = new JsonObject { ["phase"] = "completed", ["backupId"] = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) };
                return o;
            });
        }
    }
}
