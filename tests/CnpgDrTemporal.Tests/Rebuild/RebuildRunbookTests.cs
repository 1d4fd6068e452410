using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Workflows.Rebuild;
using CnpgDrTemporal.Workflows.Recovery;
using Xunit;
using static CnpgDrTemporal.Tests.Rebuild.FakeRebuildSteps;

namespace CnpgDrTemporal.Tests.Rebuild;

/// <summary>The rebuild's decisions without a Temporal server.</summary>
public sealed class RebuildRunbookTests
{
    private static RebuildEntry Skip(string db, string why) => new(db, RebuildAction.Skip, why);

    [Fact]
    public void Nothing_is_pushed_before_the_one_approval_of_the_combined_plan()
    {
        var plan = PlanOf(Recover("app"), Recover("wiki"));
        var h = new RebuildHarness(plan).Start();

        Assert.Equal(["plan"], h.Steps.Calls);
        var pending = h.Status.PendingApproval!;
        Assert.Equal((RunbookSteps.Plan, RebuildInput.AllDatabases, plan.PlanHash), (pending.Step, pending.Database, pending.PlanHash));
        Assert.Contains("--name approve", pending.ApproveCommand, StringComparison.Ordinal);
        Assert.Contains("\"database\":\"*\"", pending.ApproveCommand, StringComparison.Ordinal);
        Assert.Equal(RunbookStates.WaitingForApproval, h.Status.State);
        Assert.All(h.Status.Databases, d => Assert.Equal(RebuildStates.Planned, d.State));

        Assert.Null(h.Approve());
        Assert.Equal(["plan", "push", "run:app", "run:wiki"], h.Steps.Calls);
        Assert.All(h.Steps.Started, s => Assert.Equal(Sha, s.Revision));
    }

    [Fact]
    public void A_wrong_plan_hash_is_refused_visible_and_pushes_nothing()
    {
        var h = new RebuildHarness(PlanOf(Recover("app"))).Start();

        var refusal = h.Approve(planHash: "stale");
        var wrongDb = h.Approve(database: "app");

        Assert.Contains("'stale' is not the pending plan's", refusal, StringComparison.Ordinal);
        Assert.Contains("database 'app'", wrongDb, StringComparison.Ordinal);
        Assert.Equal(["plan"], h.Steps.Calls);
        Assert.Equal([refusal, wrongDb], h.Status.Refused.Select(r => r.Reason));
        Assert.NotNull(h.Status.PendingApproval);
    }

    [Fact]
    public void Reject_ends_the_run_with_nothing_committed()
    {
        var h = new RebuildHarness(PlanOf(Recover("app"))).Start();
        h.Reject();

        Assert.Equal(RebuildOutcome.Rejected, h.Result.Outcome);
        Assert.Equal(["plan"], h.Steps.Calls);
        Assert.Equal(DatabaseOutcome.NotStarted, h.Result.Databases.Single().Outcome);
    }

    [Fact]
    public void At_most_maxParallel_databases_run_at_once()
    {
        var h = new RebuildHarness(PlanOf(Recover("a"), Recover("b"), Recover("c"), Recover("d"), Recover("e")), new RebuildInput(MaxParallel: 2)).Start();
        h.Approve();

        Assert.Equal(2, h.Steps.Running);
        Assert.Equal([RebuildStates.Running, RebuildStates.Running, RebuildStates.Waiting], new[] { "a", "b", "c" }.Select(h.StateOf));
        h.Complete("b");
        Assert.Equal(["a", "c"], h.Steps.Children.Where(c => !c.Value.Task.IsCompleted).Select(c => c.Key).Order());
        h.Complete("a");
        h.Complete("c");
        h.Complete("d");
        Assert.False(h.Finished);
        h.Complete("e");

        Assert.Equal(2, h.Steps.MaxRunning);
        Assert.Equal(RebuildOutcome.Rebuilt, h.Result.Outcome);
        Assert.All(h.Result.Databases, d => Assert.Equal(DatabaseOutcome.Rebuilt, d.Outcome));
    }

    [Fact]
    public void A_skipped_and_a_failed_database_are_reported_while_the_others_go_on()
    {
        var plan = PlanOf(Recover("app"), Skip("empty", "no usable data-bearing backup"), Recover("wiki"));
        var h = new RebuildHarness(plan, new RebuildInput(MaxParallel: 1)).Start();
        Assert.Equal(RebuildStates.Skipped, h.StateOf("empty"));
        h.Approve();

        h.Fail("app", "validation failed: system-identifier");
        Assert.Equal(RebuildStates.Failed, h.StateOf("app"));
        Assert.Equal(RebuildStates.Running, h.StateOf("wiki"));
        h.Complete("wiki");

        Assert.Equal(RebuildOutcome.Partial, h.Result.Outcome);
        Assert.Equal(["plan", "push", "run:app", "run:wiki"], h.Steps.Calls);
        var byDb = h.Result.Databases.ToDictionary(d => d.Database);
        Assert.Equal(DatabaseOutcome.Failed, byDb["app"].Outcome);
        Assert.Contains("system-identifier", byDb["app"].Detail, StringComparison.Ordinal);
        Assert.Equal(DatabaseOutcome.Skipped, byDb["empty"].Outcome);
        Assert.Contains("no usable data-bearing backup", byDb["empty"].Detail, StringComparison.Ordinal);
        Assert.Equal(DatabaseOutcome.Rebuilt, byDb["wiki"].Outcome);
        Assert.Equal(1, h.Host.CountEvents(Activities.Notify.RecoveryEventKinds.StepFailed));
    }

    [Fact]
    public void Abort_starts_no_further_database_but_lets_running_ones_finish()
    {
        var h = new RebuildHarness(PlanOf(Recover("a"), Recover("b"), Recover("c")), new RebuildInput(MaxParallel: 1)).Start();
        h.Approve();
        h.Abort();
        Assert.False(h.Finished);
        h.Complete("a");

        Assert.Equal(RebuildOutcome.Aborted, h.Result.Outcome);
        Assert.Equal(["plan", "push", "run:a"], h.Steps.Calls);
        Assert.Equal([DatabaseOutcome.Rebuilt, DatabaseOutcome.NotStarted, DatabaseOutcome.NotStarted], h.Result.Databases.Select(d => d.Outcome));
    }

    [Fact]
    public void A_resumed_database_runs_its_child_and_a_refused_live_cluster_does_not()
    {
        var resume = Recover("app") with { Action = RebuildAction.Resume, Reason = "live Cluster is this plan's own: resume" };
        var refused = Skip("wiki", "refused: live Cluster cnpg/wiki-database was not created by the planned recovery");
        var h = new RebuildHarness(PlanOf(resume, refused)).Start();
        h.Approve();
        h.Complete("app");

        Assert.Equal(["plan", "push", "run:app"], h.Steps.Calls);
        Assert.Equal(RebuildAction.Resume, h.Steps.Started.Single().Entry.Action);
        Assert.Equal(RebuildOutcome.Rebuilt, h.Result.Outcome);
        Assert.Equal(DatabaseOutcome.Skipped, h.Result.Databases.Single(d => d.Database == "wiki").Outcome);
    }

    [Fact]
    public void Every_database_skipped_means_no_approval_and_no_commit()
    {
        var h = new RebuildHarness(PlanOf(Skip("app", "no usable data-bearing backup"))).Start();

        Assert.Equal(RebuildOutcome.NothingToDo, h.Result.Outcome);
        Assert.Equal(["plan"], h.Steps.Calls);
    }

    [Fact]
    public void Bad_input_fails_before_planning()
    {
        var h = new RebuildHarness(PlanOf(Recover("app")), new RebuildInput(Databases: ["App_1"], MaxParallel: 0)).Start();

        Assert.Contains("maxParallel 0", h.Failure?.Message, StringComparison.Ordinal);
        Assert.Contains("'App_1'", h.Failure?.Message, StringComparison.Ordinal);
        Assert.Empty(h.Steps.Calls);
    }
}
