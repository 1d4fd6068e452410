using CnpgDrTemporal.Activities;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Tests.Kubernetes;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json.Nodes;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Drills;
using Microsoft.Extensions.DependencyInjection;
using CnpgDrTemporal.KubeSim.Controllers;
using CnpgDrTemporal.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Tests.Drills;

/// <summary>
/// A cluster-mode drill against the simulator and the lab's real catalog: the scratch Cluster has no
/// way to write into a lineage, and it is deleted whether validation passes or fails.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ClusterDrillTests(LabFixture lab) : IAsyncLifetime
{
    private const string DrillNs = "cnpg-drills";
    private ClusterTestBed bed = null!;
    private JsonObject? created;

    public async Task InitializeAsync()
    {
        bed = await ClusterTestBed.StartAsync();
        bed.Sim.Cnpg.RecoveryLogSource = c =>
        {
            created = c.Cluster;
            return RecoveryLines();
        };
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    private ClusterDrill Drill(ClusterDrillOptions options)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(lab.SqlSettings()).Build();
        return new ClusterDrill(
            lab.CatalogReader(), lab.Services().GetRequiredService<CurrentWriteLineage>(), lab.TargetChecker(), new BucketReaderFactory(Options.Create(lab.S3Options())), bed.Api,
            new RecoveryWatch(bed.Api), new ClusterDelete(bed.Api), new DataSettings(configuration), new KubernetesSecretReader(bed.Api),
            Options.Create(options), TimeProvider.System);
    }

    /// <summary>The run tag of an activity run by <see cref="ClusterTestBed.RunAsActivityAsync"/> (the test environment's workflow run).</summary>
    private static string TestRun => ActivityRun.TagOf(new Temporalio.Testing.ActivityEnvironment().Info.WorkflowId!, new Temporalio.Testing.ActivityEnvironment().Info.WorkflowRunId!);

    /// <summary>The app Secret CNPG would create for the scratch Cluster, under its CLI name and its name inside a drill workflow.</summary>
    private async Task SeedAppSecretAsync(string password)
    {
        foreach (var cluster in new[] { ScratchCluster.NameFor("app", DateTimeOffset.UtcNow), ScratchCluster.NameFor("app", DateTimeOffset.UtcNow, TestRun) })
        {
            await bed.Api.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = cluster + "-app", NamespaceProperty = DrillNs }, Data = new Dictionary<string, byte[]> { ["password"] = System.Text.Encoding.UTF8.GetBytes(password) } }, DrillNs);
        }
    }

    [Fact]
    public async Task A_drill_resumed_after_a_crash_carries_on_with_its_own_scratch_Cluster_and_cleans_it_up()
    {
        await SeedAppSecretAsync(lab.Fact("appPassword"));
        // The crashed attempt's leftover: the scratch Cluster of this very workflow run, already recovering.
        var name = ScratchCluster.NameFor("app", DateTimeOffset.UtcNow, TestRun);
        var drill = Drill(new ClusterDrillOptions { Namespace = DrillNs, Host = "127.0.0.1", Port = int.Parse(lab.Fact("livePort"), System.Globalization.CultureInfo.InvariantCulture) });
        bed.Sim.Seed.RecoveringCluster(DrillNs, name);
        bed.Sim.Store.Update(new ObjectKey(ResourceType.Clusters, DrillNs, name), c =>
        {
            ((JsonObject)c["metadata"]!)["labels"] = new JsonObject { [ScratchCluster.RunLabel] = TestRun };
            return c;
        });

        var report = await bed.RunAsActivityAsync(() => drill.RunAsync(new DrillInput("app", DrillMode.Cluster, "app-database-v2"), ClusterTestBed.Ct));

        Assert.True(report.Verdict == "pass", report.Failure);
        Assert.DoesNotContain(bed.Sim.Server.Requests, r => r.StartsWith($"POST /apis/postgresql.cnpg.io/v1/namespaces/{DrillNs}/clusters", StringComparison.Ordinal));
        await AssertGoneAsync();
    }

    [Fact]
    public async Task AGreenDrillRecoversFromTheLineageWithoutAnyBackupSectionAndCleansUp()
    {
        await SeedAppSecretAsync(lab.Fact("appPassword"));
        var report = await Drill(new ClusterDrillOptions { Namespace = DrillNs, Host = "127.0.0.1", Port = int.Parse(lab.Fact("livePort"), System.Globalization.CultureInfo.InvariantCulture) })
            .RunAsync(new DrillInput("app", DrillMode.Cluster, "app-database-v2"), default);

        Assert.True(report.Verdict == "pass", report.Failure ?? string.Join("; ", report.Validation?.Checks.Where(c => !c.Passed).Select(c => c.Name) ?? []));
        Assert.Equal(lab.Fact("v2_backup"), report.BackupId);
        Assert.True(report.Rpo > TimeSpan.Zero);
        Assert.NotNull(created);
        var spec = created!["spec"]!.AsObject();
        Assert.False(spec.ContainsKey("backup"));
        Assert.False(spec.ContainsKey("plugins"));
        Assert.Equal("app-database-v2", spec["externalClusters"]![0]!["barmanObjectStore"]!["serverName"]!.GetValue<string>());
        Assert.Equal(lab.Fact("v2_backup"), spec["bootstrap"]!["recovery"]!["recoveryTarget"]!["backupID"]!.GetValue<string>());
        await AssertGoneAsync();
    }

    [Fact]
    public async Task AFailedValidationIsReportedAndTheScratchClusterIsStillDeleted()
    {
        await SeedAppSecretAsync("not-the-password");
        var report = await Drill(new ClusterDrillOptions { Namespace = DrillNs, Host = "127.0.0.1", Port = int.Parse(lab.Fact("livePort"), System.Globalization.CultureInfo.InvariantCulture) })
            .RunAsync(new DrillInput("app", DrillMode.Cluster, "app-database-v2"), default);

        Assert.Equal("fail", report.Verdict);
        Assert.Contains("authentication failed", report.Failure, StringComparison.Ordinal);
        Assert.NotNull(created);
        await AssertGoneAsync();
    }

    [Fact]
    public async Task AnExistingClusterOfTheSameNameIsRefusedAndLeftAlone()
    {
        var name = ScratchCluster.NameFor("app", DateTimeOffset.UtcNow);
        await bed.Api.CreateAsync(Crd.Cluster, DrillNs, new JsonObject { ["apiVersion"] = "postgresql.cnpg.io/v1", ["kind"] = "Cluster", ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = new JsonObject() }, default);
        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => Drill(new ClusterDrillOptions { Namespace = DrillNs }).RunAsync(new DrillInput("app", DrillMode.Cluster, "app-database-v2"), default));
        Assert.Equal("DrillClusterExists", e.ErrorType);
        Assert.NotNull(await bed.Api.GetAsync(Crd.Cluster, DrillNs, name, default));
    }

    [Fact]
    public async Task AClusterDrillActivityHeartbeatsInEveryStepAndTheRecoveryWatchWithItsProgress()
    {
        await SeedAppSecretAsync(lab.Fact("appPassword"));
        var drill = Drill(new ClusterDrillOptions { Namespace = DrillNs, Host = "127.0.0.1", Port = int.Parse(lab.Fact("livePort"), System.Globalization.CultureInfo.InvariantCulture) });
        var report = await bed.RunAsActivityAsync(() => drill.RunAsync(new DrillInput("app", DrillMode.Cluster, "app-database-v2"), ClusterTestBed.Ct));

        Assert.True(report.Verdict == "pass", report.Failure);
        var beats = bed.Heartbeats;
        int First(Func<object?, bool> match, string what)
        {
            var i = beats.ToList().FindIndex(d => match(d));
            Assert.True(i >= 0, $"no heartbeat {what} among:\n{string.Join("\n", beats)}");
            return i;
        }

        bool Line(object? d, string prefix) => d is string s && s.StartsWith(prefix, StringComparison.Ordinal);
        var name = ScratchCluster.NameFor("app", DateTimeOffset.UtcNow, TestRun);
        int[] steps =
        [
            First(d => Line(d, "reading the catalog of app"), "reading the catalog"),
            First(d => Line(d, $"creating scratch Cluster {DrillNs}/{name}"), "creating the scratch Cluster"),
            First(d => d is RecoveryProgress, "of the recovery watch"),
            First(d => Line(d, $"validating scratch Cluster {DrillNs}/{name}"), "validating"),
            First(d => Line(d, $"deleting scratch Cluster {DrillNs}/{name}"), "deleting the scratch Cluster"),
        ];
        Assert.True(steps.SequenceEqual(steps.Order()), $"steps out of order ({string.Join(", ", steps)}):\n{string.Join("\n", beats)}");
        await AssertGoneAsync();
    }

    /// <summary>
    /// A retry after an attempt that died in a step heartbeating a line of text (catalog, validation):
    /// the recovery watch finds no progress of its own to resume and starts afresh instead of failing.
    /// </summary>
    [Fact]
    public async Task ARetryAfterAnAttemptThatDiedOutsideTheRecoveryWatchStillRecovers()
    {
        await SeedAppSecretAsync(lab.Fact("appPassword"));
        var drill = Drill(new ClusterDrillOptions { Namespace = DrillNs, Host = "127.0.0.1", Port = int.Parse(lab.Fact("livePort"), System.Globalization.CultureInfo.InvariantCulture) });
        var report = await bed.RunAsActivityAsync(() => drill.RunAsync(new DrillInput("app", DrillMode.Cluster, "app-database-v2"), ClusterTestBed.Ct), resumeFrom: "reading the catalog of app");

        Assert.True(report.Verdict == "pass", report.Failure);
        Assert.True(report.WalSegmentsReplayed > 0);
        await AssertGoneAsync();
    }

    /// <summary>No scratch Cluster is left in the drill namespace, whatever its name.</summary>
    private async Task AssertGoneAsync()
    {
        Assert.Null(await bed.Api.GetAsync(Crd.Cluster, DrillNs, ScratchCluster.NameFor("app", DateTimeOffset.UtcNow), default));
        Assert.Empty(bed.Sim.Store.List(ResourceType.Clusters, DrillNs).Items);
    }

    private static async IAsyncEnumerable<string> RecoveryLines()
    {
        foreach (var line in RecoveryScripts.Success(2).Lines)
        {
            yield return line;
        }

        await Task.CompletedTask;
    }
}
