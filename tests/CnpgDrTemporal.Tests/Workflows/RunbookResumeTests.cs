using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Recovery;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>
/// A new worker resumes a run from its history (step results and signals, through JSON), the way Temporal
/// replays a workflow: no completed step, destructive or not, runs again, and the runbook is deterministic.
/// </summary>
public class RunbookResumeTests
{
    [Fact]
    public void Resuming_while_waiting_for_an_approval_repeats_nothing()
    {
        var first = new RunbookHarness();
        first.Steps.PvcWaits.Enqueue(new PvcWaitResult([new StuckPvc("app-database-1", true, "2026-03-01T08:00:00Z", ["longhorn"])], 300));
        first.Start();
        first.Approve(S.Plan);
        first.Approve(S.Delete);
        Assert.Equal(S.RemoveFinalizers, first.Status.PendingApproval?.Step);

        // A new worker: the history went through JSON, the steps are fresh.
        var resumed = new RunbookHarness(replay: RunHistory.FromJson(first.Recorder.History.ToJson())).Start().ReplaySignals();

        Assert.Empty(resumed.Steps.Calls);
        Assert.Equal(S.RemoveFinalizers, resumed.Status.PendingApproval?.Step);
        Assert.Equal(first.Status.Finished.Select(f => f.Step), resumed.Status.Finished.Select(f => f.Step));
        Assert.Null(resumed.Approve(S.RemoveFinalizers));

        Assert.Equal(RecoveryOutcome.Recovered, resumed.Result.Outcome);
        Assert.Equal(0, resumed.Steps.Count(S.Delete));
        Assert.Equal(1, first.Steps.Count(S.Delete));
        Assert.Equal([S.RemoveFinalizers, S.WaitPvcsGone, S.Sync, S.WatchRecovery, S.Validate, S.ProveLineage, S.RestartConsumers], resumed.Steps.Calls);
        Assert.Empty(resumed.Steps.Violations);
    }

    [Fact]
    public void Replaying_a_finished_run_calls_no_step_and_ends_the_same()
    {
        var first = new RunbookHarness().Start().ApproveAll();

        var replay = new RunbookHarness(replay: first.Recorder.History).Start().ReplaySignals();

        Assert.Empty(replay.Steps.Calls);
        Assert.Equal((first.Result.Outcome, first.Result.Reason, first.Result.PushedSha), (replay.Result.Outcome, replay.Result.Reason, replay.Result.PushedSha));
        Assert.Equal(first.Result.Plan?.PlanHash, replay.Result.Plan?.PlanHash);
        Assert.Equal(first.Result.Validation?.Checks, replay.Result.Validation?.Checks);
        Assert.Equal(first.Status.Finished, replay.Status.Finished);
    }

    [Fact]
    public void A_recorded_failure_replays_as_that_failure()
    {
        var first = new RunbookHarness();
        first.Steps.Watches.Enqueue(FakeRecoverySteps.Fails(RecoveryErrorTypes.RecoveryTargetUnreachable, "FATAL: recovery ended before configured recovery target was reached"));
        first.Start().ApproveAll();
        first.Retarget(new RetargetRequest(BackupId: "20260228T120000"));
        Assert.Equal("hash-2", first.Status.PendingApproval?.PlanHash);

        var resumed = new RunbookHarness(replay: RunHistory.FromJson(first.Recorder.History.ToJson())).Start().ReplaySignals();

        Assert.Empty(resumed.Steps.Calls);
        Assert.Equal(2, resumed.Status.Round);
        Assert.Equal("hash-2", resumed.Status.PendingApproval?.PlanHash);
        Assert.Null(resumed.Approve(S.Delete));
        Assert.Equal(RecoveryOutcome.Recovered, resumed.Result.Outcome);
        Assert.Equal(1, resumed.Steps.Count(S.Delete));
        Assert.Empty(resumed.Steps.Violations);
    }

    [Fact]
    public void A_runbook_that_asks_for_another_step_than_its_history_is_caught()
    {
        var first = new RunbookHarness().Start();
        first.Approve(S.Plan);
        var history = first.Recorder.History;
        var tampered = history with { Steps = [history.Steps[0], history.Steps[1] with { Step = S.Delete }, .. history.Steps.Skip(2)] };

        var resumed = new RunbookHarness(replay: tampered).Start().ReplaySignals();

        // Not a domain failure: in a workflow this fails the workflow task (retried), never the run.
        var fault = Assert.IsType<InvalidOperationException>(resumed.Fault);
        Assert.Contains("nondeterminism", fault.Message, StringComparison.Ordinal);
        Assert.Null(resumed.Status.Failure);
    }
}
