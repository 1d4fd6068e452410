using System.Diagnostics;
using System.Threading.Channels;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.KubeSim.Controllers;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows.Recovery;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Recovery;

/// <summary>
/// What broke on a real Temporal server when time passed, now on the real activities under the real
/// activity options against the simulator, with the timings scaled down through <c>Dr:Kubernetes</c>.
/// </summary>
public sealed class RunbookDurabilityTests
{
    [Fact]
    public async Task Abort_during_the_watch_cancels_it_and_ends_the_run_within_seconds()
    {
        // The recovery pod never comes, and every deadline is far away: only the abort can end this.
        await using var r = await SimulatedRecovery.StartAsync(o => (o.RecoveryPodTimeout, o.RecoveryTimeout, o.WatchSlice) = (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2)));
        r.Bed.Sim.Cnpg.CreateRecoveryPods = false;
        await r.ApproveAsync(S.Plan);
        await r.ApproveAsync(S.Delete);
        await WaitFor.TrueAsync(() => r.Steps.Attempts.Contains($"{S.WatchRecovery}#1") && r.Status().CurrentStep == S.WatchRecovery, "the watch to run", TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        r.Signal(i => i.Abort(new StopRequest("restoring by hand", "carol")));
        var result = await r.ResultAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RecoveryOutcome.Aborted, result.Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"abort took {clock.Elapsed}");
        Assert.Contains("Cluster paperless-database was deleted", result.Reason, StringComparison.Ordinal);
        Assert.Equal(S.WatchRecovery, r.Steps.Attempts[^1][..S.WatchRecovery.Length]);
        Assert.Equal(0, r.Calls(S.Validate));
        Assert.Contains(r.Status().Finished, f => f.Step == S.WatchRecovery && f.Result.StartsWith("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pvcs_held_by_a_finalizer_lead_to_the_remove_finalizers_approval_not_to_a_timeout()
    {
        await using var r = await SimulatedRecovery.StartAsync(o => (o.PvcStuckThreshold, o.PvcDeleteTimeout) = (TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15)));
        r.Bed.Sim.Storage.HoldFinalizers = true;
        await r.ApproveAsync(S.Plan);
        await r.ApproveAsync(S.Delete);

        var pending = await r.ApproveAsync(S.RemoveFinalizers);
        var result = await r.ResultAsync(TimeSpan.FromSeconds(60));

        Assert.Contains($"{ClusterName}-1", pending.Why, StringComparison.Ordinal);
        Assert.Contains("kubernetes.io/pvc-protection", pending.Why, StringComparison.Ordinal);
        Assert.Equal(RecoveryOutcome.Recovered, result.Outcome);
        Assert.DoesNotContain($"{S.WaitPvcsGone}#2", r.Steps.Attempts);
        Assert.Contains(r.Status().Finished, f => f.Step == S.RemoveFinalizers && f.Result.Contains($"{ClusterName}-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_slices_keep_their_place_and_their_deadline()
    {
        // Slices of 300 ms; the log comes in two parts, the second only after several slices ended.
        var log = Channel.CreateUnbounded<string>();
        await using var r = await SimulatedRecovery.StartAsync(o => o.WatchSlice = TimeSpan.FromMilliseconds(300));
        r.Bed.Sim.Cnpg.RecoveryLogSource = _ => log.Reader.ReadAllAsync();
        await r.ApproveAsync(S.Plan);
        await r.ApproveAsync(S.Delete);
        for (var i = 1; i <= 3; i++)
        {
            await log.Writer.WriteAsync(RecoveryScripts.Record("LOG", $"restored log file \"0000000200000000000000{i:X2}\" from archive"));
        }

        await WaitFor.TrueAsync(() => r.Calls(S.WatchRecovery) >= 4 && r.Status().Progress?.RestoredFiles == 3, "several slices to have read the first part", TimeSpan.FromSeconds(30));
        var started = r.Status().Progress!.WatchStartedAt;
        await log.Writer.WriteAsync(RecoveryScripts.Record("LOG", "restored log file \"000000020000000000000004\" from archive"));
        await log.Writer.WriteAsync(RecoveryScripts.Record("LOG", "consistent recovery state reached at 0/5000100"));
        log.Writer.Complete();
        var result = await r.ResultAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RecoveryOutcome.Recovered, result.Outcome);
        var progress = r.Status().Progress!;
        Assert.Equal(4, progress.RestoredFiles);
        Assert.Equal("000000020000000000000004", progress.LastRestoredFile);
        Assert.Equal(started, progress.WatchStartedAt);
        Assert.NotNull(started);
        Assert.Equal(5, Assert.Single(progress.Pods).Lines);
    }

    [Fact]
    public async Task No_recovery_pod_across_slices_fails_at_its_deadline_and_parks_for_the_operator()
    {
        // The pod deadline (1.5 s) is longer than a slice (300 ms): it must count across slices.
        await using var r = await SimulatedRecovery.StartAsync(o => (o.WatchSlice, o.RecoveryPodTimeout) = (TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(1500)));
        r.Bed.Sim.Cnpg.CreateRecoveryPods = false;
        await r.ApproveAsync(S.Plan);
        await r.ApproveAsync(S.Delete);

        var parked = await r.ParkedAsync();

        Assert.Equal(S.WatchRecovery, parked.CurrentStep);
        Assert.Contains("no recovery pod appeared", parked.WaitingFor, StringComparison.Ordinal);
        Assert.True(r.Calls(S.WatchRecovery) >= 2, string.Join(", ", r.Steps.Attempts));
        r.Signal(i => i.Abort(new StopRequest("pods never came", "carol")));
        Assert.Equal(RecoveryOutcome.Aborted, (await r.ResultAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task A_step_failing_after_the_delete_parks_and_runs_again_on_retry()
    {
        await using var r = await SimulatedRecovery.StartAsync();
        r.Bed.Sim.Argo.Sync = SyncBehaviour.Fail;
        await r.ApproveAsync(S.Plan);
        await r.ApproveAsync(S.Delete);

        var parked = await r.ParkedAsync();
        Assert.Equal(S.Sync, parked.CurrentStep);
        Assert.Contains("admission webhook", parked.WaitingFor, StringComparison.Ordinal);
        Assert.Null(parked.Outcome);

        r.Bed.Sim.Argo.Sync = SyncBehaviour.Succeed;
        r.Signal(i => i.OfferRetry(new RetryRequest("bob", "webhook fixed")));
        var result = await r.ResultAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RecoveryOutcome.Recovered, result.Outcome);
        Assert.Equal(2, r.Calls(S.Sync));
        Assert.Contains(r.Status().Finished, f => f.Step == S.Retry && f.Result.Contains("retry of sync by bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Review_branch_mode_syncs_to_the_revision_Argo_sees_after_the_merge()
    {
        const string merged = "4c1e0d2b9a8f7e6d5c4b3a29181706f5e4d3c2b1";
        await using var r = await SimulatedRecovery.StartAsync(mode: PushMode.ReviewBranch);
        await r.ApproveAsync(S.Plan);
        var merge = await r.PendingAsync(S.Merge);
        Assert.Contains("dr/paperless-20260801", merge.Why, StringComparison.Ordinal);

        // The human merges the review branch; Argo now resolves the tracked branch to the merge commit.
        r.Bed.Sim.Argo.GitRevision = merged;
        await r.ApproveAsync(S.Merge);
        await r.ApproveAsync(S.Delete);
        var result = await r.ResultAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RecoveryOutcome.Recovered, result.Outcome);
        Assert.Contains(r.Status().Finished, f => f.Step == S.Sync && f.Result.Contains(merged[..12], StringComparison.Ordinal));
        var app = r.Bed.Sim.Store.Get(new ObjectKey(ResourceType.Applications, "argocd", Db))!;
        Assert.Equal(merged, app["status"]!["operationState"]!["syncResult"]!["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_API_outage_after_the_delete_is_retried_with_backoff_within_the_step_budget()
    {
        await using var r = await SimulatedRecovery.StartAsync();
        await r.ApproveAsync(S.Plan);
        await r.PendingAsync(S.Delete);

        // The sync's patch fails 4 times: more than one attempt's own API retries (3), fewer than the step's budget allows.
        r.Bed.Sim.Server.Faults.Add(new Fault("PATCH", $"/applications/{Db}", 503, "ServiceUnavailable", Times: 4));
        await r.ApproveAsync(S.Delete);
        var result = await r.ResultAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RecoveryOutcome.Recovered, result.Outcome);
        Assert.Contains($"{S.Sync}#2", r.Steps.Attempts);
        Assert.Equal(4, r.Bed.Sim.Server.Faults.Fired.Count);
        Assert.DoesNotContain(r.Status().Finished, f => f.Step == S.Retry);
    }
}
