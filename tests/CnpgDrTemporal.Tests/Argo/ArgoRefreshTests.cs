using System.Globalization;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.KubeSim.Controllers;
using Temporalio.Exceptions;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Argo;

public sealed class ArgoRefreshTests
{
    [Fact]
    public async Task Proves_the_refresh_by_annotation_gone_reconciledAt_moved_and_Cluster_OutOfSync()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);

        var result = await bed.RunAsActivityAsync(() => bed.Refresh.RunAsync(bed.App, ClusterName, Ct));

        Assert.Equal(SimSeed.OldTime, result.PreviousReconciledAt);
        Assert.NotEqual(DateTimeOffset.Parse(SimSeed.OldTime, CultureInfo.InvariantCulture), result.ReconciledAt);
        Assert.Equal("OutOfSync", result.ClusterSyncStatus);
        Assert.Equal(1, bed.Sim.Argo.Refreshes);
        var app = bed.Sim.Store.Get(new ObjectKey(ResourceType.Applications, "argocd", Db))!;
        Assert.Null(app["metadata"]!["annotations"]!["argocd.argoproj.io/refresh"]);
    }

    [Fact]
    public async Task A_stale_cache_that_still_sees_the_Cluster_Synced_fails_typed()
    {
        await using var bed = await StartAsync();
        bed.Sim.Argo.Refresh = RefreshBehaviour.Stale;
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Refresh.RunAsync(bed.App, ClusterName, Ct));

        Assert.Equal(ClusterFailureTypes.ClusterNotOutOfSync, e.ErrorType);
        Assert.Contains("Synced", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_that_never_completes_times_out_naming_the_annotation_still_set()
    {
        await using var bed = await StartAsync(o => o.RefreshTimeout = TimeSpan.FromMilliseconds(400));
        bed.Sim.Argo.Refresh = RefreshBehaviour.Never;
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);

        var e = await Assert.ThrowsAsync<DrException>(() => bed.Refresh.RunAsync(bed.App, ClusterName, Ct));

        Assert.Contains("argocd.argoproj.io/refresh=hard is still set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_Application_is_a_clear_error_and_nothing_is_patched()
    {
        await using var bed = await StartAsync();

        var e = await Assert.ThrowsAsync<DrException>(() => bed.Refresh.RunAsync(bed.App, ClusterName, Ct));

        Assert.Contains("applications.argoproj.io argocd/paperless not found", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.Sim.Server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
    }
}
