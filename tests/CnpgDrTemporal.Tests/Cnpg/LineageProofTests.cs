using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.KubeSim.Controllers;
using CnpgDrTemporal.Tests.Support;
using System.Text.Json.Nodes;
using Temporalio.Exceptions;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Cnpg;

public sealed class LineageProofTests
{
    [Fact]
    public async Task Waits_for_ContinuousArchiving_then_takes_a_plugin_Backup_to_completed()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, plugin: true, lineage: "v9", archiving: false);

        var proving = bed.RunAsActivityAsync(() => bed.Lineage.RunAsync(bed.Cluster, null, "paperless-database-v9-first", Ct));
        await WaitFor.TrueAsync(() => bed.HeartbeatsOf<LineageProofProgress>().Any(), "the first heartbeat");
        Assert.Empty(bed.Sim.Store.List(ResourceType.Backups, Ns).Items);
        bed.Sim.Store.Update(new ObjectKey(ResourceType.Clusters, Ns, ClusterName), c =>
        {
            c["status"]!["conditions"]![1]!["status"] = "True";
            return c;
        });
        var result = await WaitFor.WithinAsync(proving, "the lineage proof");

        Assert.Equal("paperless-database-v9-first", result.BackupName);
        Assert.Equal("plugin", result.Method);
        Assert.Equal("20260801T000000", result.BackupId);
        Assert.Equal("paperless-database-v9", result.WriteLineage);
        var backup = bed.Sim.Store.Get(new ObjectKey(ResourceType.Backups, Ns, result.BackupName))!;
        Assert.Equal("barman-cloud.cloudnative-pg.io", backup["spec"]!["pluginConfiguration"]!["name"]!.GetValue<string>());
        Assert.Equal(ClusterName, backup["spec"]!["cluster"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Takes_a_barmanObjectStore_Backup_for_the_native_shape_once_even_when_retried()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, plugin: false);

        var first = await bed.Lineage.RunAsync(bed.Cluster, null, null, Ct);
        var retried = await bed.RunAsActivityAsync(() => bed.Lineage.RunAsync(bed.Cluster, null, null, Ct), resumeFrom: new LineageProofProgress(first.BackupName, true));

        Assert.Equal("barmanObjectStore", first.Method);
        Assert.Equal(first.BackupName, retried.BackupName);
        var backup = Assert.Single(bed.Sim.Store.List(ResourceType.Backups, Ns).Items);
        Assert.Equal("barmanObjectStore", backup["spec"]!["method"]!.GetValue<string>());
        Assert.Null(backup["spec"]!["pluginConfiguration"]);
    }

    [Fact]
    public async Task A_failed_first_backup_is_non_retryable()
    {
        await using var bed = await StartAsync();
        bed.Sim.Cnpg.Backups = BackupBehaviour.Fail;
        bed.Sim.Seed.LiveCluster(Ns, ClusterName);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Lineage.RunAsync(bed.Cluster, null, null, Ct));

        Assert.Equal(ClusterFailureTypes.BackupFailed, e.ErrorType);
        Assert.Contains("AccessDenied", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archiving_that_never_starts_times_out_with_the_condition()
    {
        await using var bed = await StartAsync(o => o.ContinuousArchivingTimeout = TimeSpan.FromMilliseconds(400));
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, archiving: false);

        var e = await Assert.ThrowsAsync<DrException>(() => bed.Lineage.RunAsync(bed.Cluster, null, null, Ct));

        Assert.Contains("ContinuousArchiving=False (ContinuousArchivingFailing", e.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Sim.Store.List(ResourceType.Backups, Ns).Items);
    }
}
