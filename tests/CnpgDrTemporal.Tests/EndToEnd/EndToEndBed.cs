using CnpgDrTemporal.Tests.Git;
using System.Text.Json.Nodes;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Tests.GitOps;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Tests.EndToEnd;

/// <summary>
/// Everything a recovery of the lab's "app" touches: a bare git remote seeded with the gitea example
/// renamed to app (write lineage app-database-v2, the live one), the Kubernetes simulator with the
/// Application, the live Cluster rendered from that commit, its PVC and a consumer, the lab's S3 and
/// live PostgreSQL, and the worker's DI container over a configuration the restore hook can change.
/// </summary>
public sealed class EndToEndBed : IAsyncDisposable
{
    public const string Db = "app";
    public const string Ns = "cloudnative-pg";
    public const string ClusterName = "app-database";
    public const string ConsumerNs = "app";
    public const string Consumer = "app-web";

    private readonly string temp;

    private EndToEndBed(LabFixture lab, string temp, GitRemoteFixture git, KubeSimulator sim)
    {
        this.temp = temp;
        Git = git;
        Sim = sim;
        var kubeconfig = Path.Combine(temp, "kubeconfig");
        File.WriteAllText(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sim
              cluster:
                server: "{{sim.Server.Url}}"
            users:
            - name: sim
              user:
                token: simulator-ignores-it
            contexts:
            - name: sim
              context:
                cluster: sim
                user: sim
            current-context: sim
            """);
        var settings = lab.Settings();
        foreach (var (k, v) in lab.SqlSettings().Concat(Settings(git, kubeconfig, Path.Combine(temp, "restore"))))
        {
            settings[k] = v;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(Configuration).AddDrActivities(Configuration).BuildServiceProvider(validateScopes: true);
        Restore = new RestoreBackedRecovery(Services.GetRequiredService<LocalRestorer>(), Configuration, Db);
    }

    public GitRemoteFixture Git { get; }

    public KubeSimulator Sim { get; }

    /// <summary>Mutable at run time: the restore hook re-points the SQL port at the restored server.</summary>
    public IConfigurationRoot Configuration { get; }

    public ServiceProvider Services { get; }

    public RestoreBackedRecovery Restore { get; }

    public static async Task<EndToEndBed> StartAsync(LabFixture lab)
    {
        var temp = GitOpsFixtures.NewTempDir("e2e");
        var git = GitRemoteFixture.Create(AppDirectory(temp), Db);
        var bed = new EndToEndBed(lab, temp, git, await KubeSimulator.StartAsync());
        bed.SeedCluster();
        return bed;
    }

    /// <summary>The Cluster the pushed commit renders to, as Argo would apply it.</summary>
    public JsonObject RenderedCluster(string sha) => GitClusterRenderer.ClusterAt(Git.BarePath, sha, Git.DbDir);

    /// <summary>The gitea example as database "app": names, S3 path and write lineage (gitea-database-v2 becomes app-database-v2).</summary>
    private static string AppDirectory(string temp)
    {
        var dir = Path.Combine(temp, Db);
        GitOpsFixtures.CopyDirectory(GitOpsFixtures.PathOf(GitOpsFixtures.Gitea), dir);
        foreach (var file in Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("gitea", Db, StringComparison.Ordinal));
        }

        return dir;
    }

    private static Dictionary<string, string?> Settings(GitRemoteFixture git, string kubeconfig, string restoreDir) => new()
    {
        ["Dr:Git:RepoUrl"] = git.Url,
        ["Dr:Git:Branch"] = git.Branch,
        ["Dr:Git:WorkDir"] = git.WorkDir,
        ["Dr:Git:DatabasesPath"] = git.DatabasesPath,
        ["Dr:Git:AuthorName"] = "dr-bot",
        ["Dr:Git:AuthorEmail"] = "dr-bot@example.invalid",
        ["Dr:Kubernetes:Kubeconfig"] = kubeconfig,
        ["Dr:Kubernetes:RequestTimeout"] = "00:00:10",
        ["Dr:Kubernetes:RetryBaseDelay"] = "00:00:00.010",
        ["Dr:Kubernetes:HeartbeatInterval"] = "00:00:00.200",
        ["Dr:Kubernetes:RefreshTimeout"] = "00:00:20",
        ["Dr:Kubernetes:SyncTimeout"] = "00:00:20",
        ["Dr:Kubernetes:PvcStuckThreshold"] = "00:00:20",
        ["Dr:Kubernetes:PvcDeleteTimeout"] = "00:00:30",
        ["Dr:Kubernetes:RecoveryPodTimeout"] = "00:00:30",
        ["Dr:Kubernetes:RecoveryTimeout"] = "00:01:30",
        ["Dr:Kubernetes:ContinuousArchivingTimeout"] = "00:00:20",
        ["Dr:Kubernetes:BackupTimeout"] = "00:00:20",
        ["Dr:Kubernetes:RolloutTimeout"] = "00:00:20",
        ["Dr:Databases:app:ConsumerNamespaces:0"] = ConsumerNs,
        ["Dr:LocalRestore:WorkDir"] = restoreDir,
    };

    /// <summary>The live state: what Argo applied from the seeded commit, healthy, with its data PVC and a consumer.</summary>
    private void SeedCluster()
    {
        Sim.Seed.Application(Db, Git.DbDir, Ns, ClusterName);
        var live = RenderedCluster(Git.Head().Sha);
        live["status"] = new JsonObject
        {
            ["phase"] = "Cluster in healthy state",
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "Ready", ["status"] = "True" },
                new JsonObject { ["type"] = "ContinuousArchiving", ["status"] = "True" }),
        };
        Sim.Store.Create(ResourceType.Clusters, Ns, live);
        Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, "kubernetes.io/pvc-protection");
        Sim.Seed.Deployment(ConsumerNs, Consumer);

        // Argo applies git: a sync creates the Cluster from the synced commit; CNPG recovers it for real.
        Sim.Argo.OnSynced = (_, sha) => Sim.Store.Create(ResourceType.Clusters, Ns, RenderedCluster(sha));
        Sim.Cnpg.RecoveryLogSource = c => Restore.StreamAsync(c);
    }

    public async ValueTask DisposeAsync()
    {
        await Sim.DisposeAsync();
        await Restore.DisposeAsync();
        await Services.DisposeAsync();
        Git.Dispose();
        CnpgDrTemporal.Activities.Git.GitCheckout.DeleteDirectory(temp);
    }
}
