using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.KubeSim.Controllers;
using Temporalio.Exceptions;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Argo;

public sealed class ArgoSyncTests
{
    private const string Sha = "3f1c2a9b7d0e4c5f8a6b1d2e3f4a5b6c7d8e9f01";

    [Fact]
    public async Task Syncs_to_the_pushed_sha_and_waits_for_an_operation_started_after_the_request()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);

        var result = await bed.RunAsActivityAsync(() => bed.Sync.RunAsync(bed.App, Sha, Ct));

        Assert.Equal("Succeeded", result.Phase);
        Assert.Equal(Sha, result.Revision);
        Assert.NotEqual(SimSeed.OldTime, result.StartedAt);
        var op = bed.Sim.Store.Get(new ObjectKey(ResourceType.Applications, "argocd", Db))!["status"]!["operationState"]!["operation"]!;
        Assert.Equal("cnpg-dr", op["initiatedBy"]!["username"]!.GetValue<string>());
        Assert.Equal(Sha, op["sync"]!["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retried_attempt_does_not_start_a_second_sync()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);
        await bed.Sync.RunAsync(bed.App, Sha, Ct);

        var retried = await bed.RunAsActivityAsync(() => bed.Sync.RunAsync(bed.App, Sha, Ct), resumeFrom: new SyncProgress(SimSeed.OldTime, true));

        Assert.Equal(Sha, retried.Revision);
        Assert.Equal(1, bed.Sim.Argo.Syncs);
    }

    [Fact]
    public async Task A_sync_that_ran_another_revision_fails_non_retryable()
    {
        await using var bed = await StartAsync();
        bed.Sim.Argo.ResultRevision = "0123456789abcdef0123456789abcdef01234567";
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Sync.RunAsync(bed.App, Sha, Ct));

        Assert.Equal(ClusterFailureTypes.SyncRevisionMismatch, e.ErrorType);
        Assert.True(e.NonRetryable);
        Assert.Contains("0123456789abcdef", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_sync_carries_Argos_message()
    {
        await using var bed = await StartAsync();
        bed.Sim.Argo.Sync = SyncBehaviour.Fail;
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Sync.RunAsync(bed.App, Sha, Ct));

        Assert.Equal(ClusterFailureTypes.SyncFailed, e.ErrorType);
        Assert.Contains(bed.Sim.Argo.FailMessage, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sync_that_never_starts_times_out_with_what_was_seen()
    {
        await using var bed = await StartAsync(o => o.SyncTimeout = TimeSpan.FromMilliseconds(400));
        bed.Sim.Argo.Sync = SyncBehaviour.Never;
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName);

        var e = await Assert.ThrowsAsync<DrException>(() => bed.Sync.RunAsync(bed.App, Sha, Ct));

        Assert.Contains($"to {Sha} did not finish", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frozen_Application_or_a_bad_revision_is_refused_before_any_patch()
    {
        await using var bed = await StartAsync();
        bed.Sim.Seed.Application(Db, "cloudnative-pg/paperless", Ns, ClusterName, app =>
            app["metadata"]!["annotations"]!["argocd.argoproj.io/skip-reconcile"] = "true");

        var notSha = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Sync.RunAsync(bed.App, "main", Ct));
        Assert.True(notSha.NonRetryable);
        var frozen = await Assert.ThrowsAsync<ApplicationFailureException>(() => bed.Sync.RunAsync(bed.App, Sha, Ct));

        Assert.Equal(ClusterFailureTypes.SyncBlocked, frozen.ErrorType);
        Assert.DoesNotContain(bed.Sim.Server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
    }
}
