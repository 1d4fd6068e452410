using CnpgDrTemporal.Activities.Cnpg;
using System.Text.Json;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Recovery;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>What the <c>status</c> query tells the operator.</summary>
public class RunbookStatusTests
{
    [Fact]
    public void Pending_approval_carries_the_plan_and_the_exact_command_that_approves_it()
    {
        var h = new RunbookHarness().Start();
        var pending = h.Status.PendingApproval!;

        Assert.Equal(RunbookStates.WaitingForApproval, h.Status.State);
        Assert.Equal("recover app from app-database-v1\nsecond line", pending.PlanSummary);
        Assert.StartsWith("--- a/kustomization.yaml", pending.Diff, StringComparison.Ordinal);
        Assert.Equal(h.Status.Finished[0].StartedAt + TimeSpan.FromHours(4), pending.Deadline);
        Assert.Equal(
            "temporal workflow signal --workflow-id cnpg-dr-app --name approve --input '{\"step\":\"plan\",\"database\":\"app\",\"planHash\":\"hash-1\",\"approver\":\"YOUR-NAME\",\"comment\":\"why you approve\"}'",
            pending.ApproveCommand);
        Assert.StartsWith("temporal workflow update execute --workflow-id cnpg-dr-app --name Approve --input '{\"step\":\"plan\"", pending.ApproveUpdateCommand, StringComparison.Ordinal);
        Assert.StartsWith("temporal workflow signal --workflow-id cnpg-dr-app --name reject --input '{\"reason\":", pending.RejectCommand, StringComparison.Ordinal);
        Assert.Equal("plan hash-1: recover app from app-database-v1", h.Status.Finished[0].Result);
    }

    [Fact]
    public void The_approve_command_input_is_what_the_workflow_decodes()
    {
        var h = new RunbookHarness().Start();
        var command = h.Status.PendingApproval!.ApproveCommand;
        var json = command[(command.IndexOf('\'', StringComparison.Ordinal) + 1)..^1];

        var approval = JsonSerializer.Deserialize<Approval>(json, DrDataConverter.JsonOptions)! with { Approver = "bob" };

        Assert.Null(h.Runbook.Inbox.Check(approval));
    }

    [Fact]
    public void Recovery_progress_is_visible_while_the_watch_runs()
    {
        var h = new RunbookHarness();
        var hold = new TaskCompletionSource<RecoveryProgress>();
        h.Steps.Watches.Enqueue(FakeRecoverySteps.Slice(7));
        h.Steps.Watches.Enqueue(_ => hold.Task);
        h.Start().ApproveAll();

        Assert.Equal(RunbookStates.Running, h.Status.State);
        Assert.Equal(S.WatchRecovery, h.Status.CurrentStep);
        Assert.Equal(7, h.Status.Progress?.RestoredFiles);
        Assert.Contains("from archive", h.Status.Progress?.LastLine, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Status.Finished, f => f.Step == S.WatchRecovery);

        h.Abort("stop watching");
        h.Release(hold, new RecoveryProgress(true, 9, null, "consistent recovery state reached", "redo done", "Cluster in healthy state", []));

        Assert.Equal(RecoveryOutcome.Aborted, h.Result.Outcome);
        Assert.Equal(0, h.Steps.Count(S.Validate));
    }

    [Fact]
    public void Watch_slices_resume_from_the_previous_progress_and_end_as_one_finished_step()
    {
        var h = new RunbookHarness();
        h.Steps.Watches.Enqueue(FakeRecoverySteps.Slice(4));
        h.Steps.Watches.Enqueue(FakeRecoverySteps.Slice(6));
        h.Steps.Watches.Enqueue(FakeRecoverySteps.Slice(1, done: true));
        h.Start().ApproveAll();

        Assert.Equal(RecoveryOutcome.Recovered, h.Result.Outcome);
        Assert.Equal(3, h.Steps.Count(S.WatchRecovery));
        Assert.Equal(11, h.Status.Progress?.RestoredFiles);
        Assert.StartsWith("done: 11 WAL files restored", h.Status.Finished.Single(f => f.Step == S.WatchRecovery).Result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_watch_past_the_recovery_timeout_parks_with_the_last_log_line()
    {
        var h = new RunbookHarness(RunbookHarness.DefaultInput with { RecoveryTimeout = TimeSpan.FromMinutes(10) });
        var hold = new TaskCompletionSource<RecoveryProgress>();
        h.Steps.Watches.Enqueue(_ => hold.Task);
        h.Start().ApproveAll();
        h.Advance(TimeSpan.FromMinutes(11));
        h.Release(hold, new RecoveryProgress(false, 2, "000000010000000000000002", null, "restored log file \"000000010000000000000002\" from archive", "Setting up primary", []));

        Assert.Equal(RunbookStates.WaitingForOperator, h.Status.State);
        Assert.Contains("not done after 00:10:00", h.Status.WaitingFor, StringComparison.Ordinal);
        Assert.Contains("000000010000000000000002", h.Status.WaitingFor, StringComparison.Ordinal);
    }
}
