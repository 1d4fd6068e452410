using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Recovery;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>"Recovery target unreachable": report, wait for a retarget or abort, then re-plan, re-push, re-approve.</summary>
public class RunbookRetargetTests
{
    private const string Fatal = "FATAL:  recovery ended before configured recovery target was reached";

    private static RunbookHarness UnreachableOnce()
    {
        var h = new RunbookHarness(RunbookHarness.DefaultInput with { TargetTime = FakeRecoverySteps.LastArchivedWal.AddHours(1) });
        h.Steps.Watches.Enqueue(FakeRecoverySteps.Slice(5));
        h.Steps.Watches.Enqueue(FakeRecoverySteps.Fails(RecoveryErrorTypes.RecoveryTargetUnreachable, Fatal));
        return h.Start().ApproveAll();
    }

    [Fact]
    public void Unreachable_target_reports_the_last_archived_wal_and_waits()
    {
        var h = UnreachableOnce();

        Assert.False(h.Finished);
        Assert.Equal(RunbookStates.WaitingForRetarget, h.Status.State);
        Assert.Contains("last archived WAL of app-database-v1 is at 2026-02-28T23:00:00.0000000+00:00", h.Status.WaitingFor, StringComparison.Ordinal);
        Assert.Contains(Fatal, h.Status.WaitingFor, StringComparison.Ordinal);
        var asked = h.Host.Events.Single(e => e.Kind == RecoveryEventKinds.RetargetNeeded);
        Assert.Equal("temporal workflow signal --workflow-id cnpg-dr-app --name retarget --input '{\"targetTime\":\"2026-02-28T22:59:00+00:00\",\"backupId\":null,\"sourceLineage\":null}'", asked.Command);
        Assert.Equal("recovery target unreachable: " + Fatal, h.Status.Finished[^1].Result);
        Assert.Equal(5, h.Status.Progress?.RestoredFiles);
    }

    [Fact]
    public void Retarget_replans_repushes_and_needs_a_new_delete_approval()
    {
        var h = UnreachableOnce();
        var newTarget = FakeRecoverySteps.LastArchivedWal.AddMinutes(-30);
        h.Retarget(new RetargetRequest(newTarget));

        Assert.Equal(2, h.Status.Round);
        Assert.Equal(S.Delete, h.Status.PendingApproval?.Step);
        Assert.Equal("hash-2", h.Status.PendingApproval?.PlanHash);
        Assert.Equal(newTarget, h.Steps.PlanRequests[1].TargetTime);
        Assert.Equal("app-database-v1", h.Steps.PlanRequests[1].SourceLineage);
        Assert.Equal(1, h.Steps.Count(S.Delete));

        Assert.NotNull(h.Approve(S.Delete, planHash: "hash-1"));
        Assert.Equal(1, h.Steps.Count(S.Delete));

        Assert.Null(h.Approve(S.Delete));
        Assert.Equal(RecoveryOutcome.Recovered, h.Result.Outcome);
        Assert.Equal(
            [S.Plan, S.Push, S.HardRefresh, S.Delete, S.WaitPvcsGone, S.Sync, S.WatchRecovery, S.WatchRecovery,
             S.Plan, S.Push, S.HardRefresh, S.Delete, S.WaitPvcsGone, S.Sync, S.WatchRecovery, S.Validate, S.ProveLineage, S.RestartConsumers],
            h.Steps.Calls);
        Assert.Equal(["sha1000000000000000000", "sha2000000000000000000"], h.Steps.SyncedRevisions);
        Assert.Empty(h.Steps.Violations);
    }

    [Fact]
    public void Abort_instead_of_retarget_ends_and_says_the_cluster_is_gone()
    {
        var h = UnreachableOnce();
        h.Abort("we restore by hand");

        Assert.Equal(RecoveryOutcome.Aborted, h.Result.Outcome);
        Assert.Contains("Cluster app-database-v1 was deleted".Replace("-v1", string.Empty, StringComparison.Ordinal), h.Result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, h.Steps.Count(S.Plan));
    }

    [Fact]
    public void Retarget_wait_times_out_like_an_approval()
    {
        var h = UnreachableOnce();
        h.Advance(TimeSpan.FromHours(4));

        Assert.Equal(RecoveryOutcome.TimedOut, h.Result.Outcome);
        Assert.StartsWith("no retarget within 04:00:00", h.Result.Reason, StringComparison.Ordinal);
        Assert.Equal(3, h.Host.CountEvents(RecoveryEventKinds.ApprovalReminder));
    }

    [Fact]
    public void A_retarget_nobody_asked_for_is_refused()
    {
        var h = new RunbookHarness().Start();
        h.Retarget(new RetargetRequest(BackupId: "20260301T000000"));

        Assert.Equal("retarget", h.Status.Refused.Single().Name);
        Assert.Equal(S.Plan, h.Status.PendingApproval?.Step);
    }

    [Fact]
    public void An_empty_retarget_means_latest_and_a_new_backup_id_is_passed_on()
    {
        var h = UnreachableOnce();
        h.Retarget(new RetargetRequest());

        Assert.Null(h.Steps.PlanRequests[1].TargetTime);
        Assert.Null(h.Steps.PlanRequests[1].BackupId);
        Assert.Equal("retarget to latest", h.Status.Finished.Single(f => f.Step == S.Retarget).Result);
    }
}
