using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Recovery;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>Approval gating: only the matching approval opens a gate; everything else is refused and visible.</summary>
public class RunbookApprovalTests
{
    [Fact]
    public void Wrong_approvals_are_refused_change_nothing_and_show_in_status()
    {
        var h = new RunbookHarness().Start();
        var hash = h.Status.PendingApproval!.PlanHash;

        var refusals = new[]
        {
            h.Approve(S.Delete),
            h.Approve(S.Plan, database: "other"),
            h.Approve(S.Plan, planHash: "stale-hash"),
            h.Approve(S.Plan, approver: " "),
        };

        Assert.All(refusals, Assert.NotNull);
        Assert.Equal([S.Plan], h.Steps.Calls);
        Assert.Equal(S.Plan, h.Status.PendingApproval?.Step);
        Assert.Equal(hash, h.Status.PendingApproval?.PlanHash);
        Assert.Equal(refusals, h.Status.Refused.Select(r => r.Reason));
        Assert.Contains("pending approval is for step 'plan'", refusals[0], StringComparison.Ordinal);
        Assert.Contains("database 'other'", refusals[1], StringComparison.Ordinal);
        Assert.Contains("'stale-hash' is not the pending plan's 'hash-1'", refusals[2], StringComparison.Ordinal);
        Assert.Contains("approver is empty", refusals[3], StringComparison.Ordinal);
        Assert.Equal("stale-hash", h.Status.Refused[2].Approval?.PlanHash);

        Assert.Null(h.Approve(S.Plan));
        Assert.Equal(S.Delete, h.Status.PendingApproval?.Step);
    }

    [Fact]
    public void No_destructive_step_runs_whatever_wrong_approvals_arrive()
    {
        var h = new RunbookHarness(RunbookHarness.DefaultInput with { FourEyes = true }).Start();
        h.Approve(S.Plan);
        var bad = new (string Step, string Approver, string? Hash, string? Db)[]
        {
            (S.Delete, RunbookHarness.Initiator, null, null),
            (S.Delete, "ALICE", null, null),
            (S.Delete, "bob", "hash-0", null),
            (S.Delete, "bob", null, "app2"),
            (S.RemoveFinalizers, "bob", null, null),
            (S.Plan, "bob", null, null),
        };

        foreach (var (step, approver, hash, db) in bad)
        {
            Assert.NotNull(h.Approve(step, approver, hash, db));
        }

        Assert.Equal(0, h.Steps.Count(S.Delete));
        Assert.Equal(bad.Length, h.Status.Refused.Count);
        Assert.Contains("four-eyes: alice started this recovery", h.Status.Refused[0].Reason, StringComparison.Ordinal);

        Assert.Null(h.Approve(S.Delete, "bob"));
        Assert.Equal(1, h.Steps.Count(S.Delete));
        Assert.Empty(h.Steps.Violations);
    }

    [Fact]
    public void An_approval_without_a_pending_gate_is_refused()
    {
        var h = new RunbookHarness();
        h.Steps.Watches.Enqueue(FakeRecoverySteps.Fails("RecoveryTargetUnreachable", "FATAL: recovery ended before configured recovery target was reached"));
        h.Start().ApproveAll();

        Assert.Equal(RunbookStates.WaitingForRetarget, h.Status.State);
        Assert.Contains("no approval is pending", h.Approve(S.Delete, planHash: "hash-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reject_at_the_plan_ends_without_any_change()
    {
        var h = new RunbookHarness().Start();
        h.Reject("wrong backup");

        Assert.Equal(RecoveryOutcome.Rejected, h.Result.Outcome);
        Assert.Equal("rejected by carol: wrong backup; nothing was changed", h.Result.Reason);
        Assert.Equal([S.Plan], h.Steps.Calls);
        Assert.Null(h.Status.PendingApproval);
    }

    [Fact]
    public void Reject_at_delete_leaves_the_cluster_and_says_the_commit_stays_pushed()
    {
        var h = new RunbookHarness().Start();
        h.Approve(S.Plan);
        h.Reject("not now");

        Assert.Equal(RecoveryOutcome.Rejected, h.Result.Outcome);
        Assert.Contains("nothing was deleted; commit sha100000000 stays pushed", h.Result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, h.Steps.Count(S.Delete));
    }

    [Fact]
    public void Approval_timeout_ends_safely_after_reminders()
    {
        var h = new RunbookHarness().Start();
        h.Approve(S.Plan);
        h.Advance(TimeSpan.FromHours(3.5));

        Assert.False(h.Finished);
        Assert.Equal(3, h.Host.CountEvents(RecoveryEventKinds.ApprovalReminder));
        Assert.All(h.Host.Events.Where(e => e.Kind == RecoveryEventKinds.ApprovalReminder), e => Assert.StartsWith("temporal workflow signal --workflow-id cnpg-dr-app --name approve", e.Command, StringComparison.Ordinal));

        h.Advance(TimeSpan.FromHours(0.5));
        Assert.Equal(RecoveryOutcome.TimedOut, h.Result.Outcome);
        Assert.StartsWith("no approval 'delete' within 04:00:00: nothing was deleted", h.Result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, h.Steps.Count(S.Delete));
        Assert.Equal(3, h.Host.CountEvents(RecoveryEventKinds.ApprovalReminder));
    }

    [Fact]
    public void A_signal_arriving_between_reminders_is_acted_on_at_once()
    {
        var h = new RunbookHarness().Start();
        h.Advance(TimeSpan.FromMinutes(90));
        Assert.Null(h.Approve(S.Plan));

        Assert.Equal(S.Delete, h.Status.PendingApproval?.Step);
        Assert.Equal(h.Host.UtcNow, h.Status.PendingApproval?.Since);
        Assert.Equal(1, h.Host.CountEvents(RecoveryEventKinds.ApprovalReminder));
    }

    [Fact]
    public void A_second_stop_is_refused_and_the_first_one_wins()
    {
        var h = new RunbookHarness().Start();
        h.Abort("first");
        h.Reject("second");

        Assert.Equal(RecoveryOutcome.Aborted, h.Result.Outcome);
        Assert.Contains(h.Status.Refused, r => r.Name == "reject");
    }

    [Fact]
    public void The_update_path_rejects_a_wrong_approval_without_recording_it_and_accepts_the_right_one_with_a_receipt()
    {
        var h = new RunbookHarness().Start();
        var pending = h.Status.PendingApproval!;

        var wrong = new Approval(S.Delete, "app", pending.PlanHash, "bob", "too early");
        var e = Assert.Throws<Temporalio.Exceptions.ApplicationFailureException>(() => h.Runbook.Inbox.RequireAcceptable(wrong));
        Assert.Equal("ApprovalRefused", e.ErrorType);
        Assert.Empty(h.Runbook.Inbox.Refused);

        var receipt = h.Runbook.Inbox.Accept(new Approval(pending.Step, "app", pending.PlanHash, "bob", "ok"));
        Assert.Equal((pending.Step, pending.PlanHash, "bob"), (receipt.Step, receipt.PlanHash, receipt.Approver));
        Assert.Equal(h.Host.UtcNow, receipt.At);
    }
}
