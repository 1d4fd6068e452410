using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Recovery;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows;

/// <summary>The runbook's step order and its ends, on fakes.</summary>
public class RecoveryRunbookTests
{
    private static readonly string[] HappyOrder =
        [S.Plan, S.Push, S.HardRefresh, S.Delete, S.WaitPvcsGone, S.Sync, S.WatchRecovery, S.Validate, S.ProveLineage, S.RestartConsumers];

    [Fact]
    public void Happy_path_runs_the_runbook_in_order_with_two_approvals()
    {
        var h = new RunbookHarness().Start();

        Assert.Equal(S.Plan, h.Status.PendingApproval?.Step);
        Assert.Equal([S.Plan], h.Steps.Calls);
        Assert.Null(h.Approve(S.Plan));
        Assert.Equal(S.Delete, h.Status.PendingApproval?.Step);
        Assert.Equal([S.Plan, S.Push, S.HardRefresh], h.Steps.Calls);
        Assert.Null(h.Approve(S.Delete));

        Assert.Equal(RecoveryOutcome.Recovered, h.Result.Outcome);
        Assert.Equal(HappyOrder, h.Steps.Calls);
        Assert.Empty(h.Steps.Violations);
        Assert.Equal(["sha1000000000000000000"], h.Steps.SyncedRevisions);
        Assert.Equal(
            ["plan", "approval:plan", "push", "hard-refresh", "approval:delete", "delete", "wait-pvcs-gone", "sync", "watch-recovery", "validate", "prove-lineage", "restart-consumers"],
            h.Status.Finished.Select(f => f.Step));
        Assert.Equal(RunbookStates.Finished, h.Status.State);
        Assert.Equal(2, h.Host.CountEvents(RecoveryEventKinds.ApprovalNeeded));
        Assert.Equal(1, h.Host.CountEvents(RecoveryEventKinds.Finished));
    }

    [Fact]
    public void Dry_run_stops_after_the_plan_and_returns_it()
    {
        var h = new RunbookHarness(RunbookHarness.DefaultInput with { DryRun = true, TargetTime = FakeRecoverySteps.LastArchivedWal.AddHours(-1) }).Start();

        Assert.Equal(RecoveryOutcome.DryRun, h.Result.Outcome);
        Assert.Equal("hash-1", h.Result.Plan?.PlanHash);
        Assert.Equal([S.Plan], h.Steps.Calls);
        Assert.Equal(FakeRecoverySteps.LastArchivedWal.AddHours(-1), h.Steps.PlanRequests[0].TargetTime);
    }

    [Fact]
    public void A_refused_plan_ends_the_workflow_with_a_non_retryable_failure_before_any_change()
    {
        var steps = new FakeRecoverySteps { Refusal = "database temporal is protected by Dr:Temporal:ProtectedDatabases (temporal)" };
        var h = new RunbookHarness(RunbookHarness.DefaultInput with { Database = "temporal" }, steps: steps).Start();

        Assert.Equal(RecoveryErrorTypes.PlanRefused, h.Failure.ErrorType);
        Assert.True(h.Failure.NonRetryable);
        Assert.Contains("protected", h.Failure.Message, StringComparison.Ordinal);
        Assert.Equal([S.Plan], h.Steps.Calls);
        Assert.Equal(RunbookStates.Failed, h.Status.State);
        Assert.Equal(1, h.Host.CountEvents(RecoveryEventKinds.StepFailed));
    }

    [Fact]
    public void A_blocking_preflight_finding_refuses_the_plan()
    {
        var plan = new RecoveryPlan("app", "s", "h", "v1", null, null, "v1", "v2", "1", null, [new PreflightFinding("self-heal", true, "spec.syncPolicy.automated.selfHeal is true"), new PreflightFinding("note", false, "x")], null);

        Assert.Equal("self-heal: spec.syncPolicy.automated.selfHeal is true", plan.RefusalReason());
        Assert.Null((plan with { Findings = [] }).RefusalReason());
    }

    [Theory]
    [InlineData("cnpg-dr-other", "start the recovery of app with --workflow-id cnpg-dr-app")]
    [InlineData("cnpg-dr-app", "fourEyes needs initiatedBy")]
    public void Bad_input_is_refused_before_any_step(string workflowId, string expected)
    {
        var h = new RunbookHarness(RunbookHarness.DefaultInput with { FourEyes = workflowId == "cnpg-dr-app", InitiatedBy = null });
        h.Host.WorkflowId = workflowId;
        h.Start();

        Assert.Equal(RecoveryErrorTypes.InvalidInput, h.Failure.ErrorType);
        Assert.Contains(expected, h.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(h.Steps.Calls);
    }

    [Fact]
    public void Input_problems_name_every_bad_value()
    {
        var problems = new RecoveryInput("App_DB", ApprovalTimeout: TimeSpan.Zero, ReminderInterval: TimeSpan.FromMinutes(-1)).Problems();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("'App_DB' is not a lowercase DNS label", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("approvalTimeout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("reminderInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Stuck_pvcs_need_their_own_approval_before_finalizers_are_removed()
    {
        var h = new RunbookHarness();
        h.Steps.PvcWaits.Enqueue(new PvcWaitResult([new StuckPvc("app-database-1", true, "2026-03-01T08:00:00Z", ["kubernetes.io/pvc-protection"])], 300));
        h.Start();
        h.Approve(S.Plan);
        h.Approve(S.Delete);

        Assert.Equal(S.RemoveFinalizers, h.Status.PendingApproval?.Step);
        Assert.Contains("app-database-1 [kubernetes.io/pvc-protection]", h.Status.PendingApproval!.Why, StringComparison.Ordinal);
        Assert.Single(h.Status.StuckPvcs);
        Assert.Equal(0, h.Steps.Count(S.RemoveFinalizers));

        Assert.Null(h.Approve(S.RemoveFinalizers));
        Assert.Equal(RecoveryOutcome.Recovered, h.Result.Outcome);
        Assert.Equal([S.Delete, S.WaitPvcsGone, S.RemoveFinalizers, S.WaitPvcsGone, S.Sync], h.Steps.Calls.Skip(3).Take(5));
        Assert.Empty(h.Status.StuckPvcs);
        Assert.Empty(h.Steps.Violations);
    }

    [Fact]
    public void Review_branch_waits_for_the_merge_and_syncs_the_revision_argo_sees()
    {
        var h = new RunbookHarness(RunbookHarness.DefaultInput with { PushMode = PushMode.ReviewBranch });
        h.Steps.ReviewBranch = true;
        h.Start();
        h.Approve(S.Plan);

        Assert.Equal(S.Merge, h.Status.PendingApproval?.Step);
        Assert.Contains("cnpg-dr/hash-1", h.Status.PendingApproval!.Why, StringComparison.Ordinal);
        Assert.Equal([S.Plan, S.Push], h.Steps.Calls);

        h.ApproveAll();
        Assert.Equal(RecoveryOutcome.Recovered, h.Result.Outcome);
        Assert.Equal(["merged1"], h.Steps.SyncedRevisions);
    }

    [Fact]
    public void Failed_validation_parks_before_consumers_restart_and_abort_ends_it()
    {
        var h = new RunbookHarness();
        h.Steps.Validation = new ValidationReport("app", "fake", [new ValidationCheck("system-identifier", false, "7", "8"), new ValidationCheck("user-tables", true, ">= 1", "3")], null);
        h.Start().ApproveAll();

        // Past the delete a failed check never ends the run silently: it waits for the operator.
        Assert.False(h.Finished);
        Assert.Equal(RunbookStates.WaitingForOperator, h.Status.State);
        Assert.Contains("system-identifier: expected 7, got 8", h.Status.WaitingFor, StringComparison.Ordinal);
        Assert.False(h.Status.Validation?.Passed);
        Assert.Equal(0, h.Steps.Count(S.RestartConsumers));
        Assert.Equal(1, h.Host.CountEvents(RecoveryEventKinds.OperatorNeeded));

        h.Abort("restoring by hand");
        Assert.Equal(RecoveryOutcome.Aborted, h.Result.Outcome);
        Assert.Contains("Cluster app-database was deleted", h.Result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, h.Steps.Count(S.RestartConsumers));
    }

    [Fact]
    public void Validation_that_failed_runs_again_on_retry_and_the_run_goes_on()
    {
        var h = new RunbookHarness();
        h.Steps.Validation = new ValidationReport("app", "fake", [new ValidationCheck("system-identifier", false, "7", "8")], null);
        h.Start().ApproveAll();
        Assert.Equal(RunbookStates.WaitingForOperator, h.Status.State);

        h.Steps.Validation = new ValidationReport("app", "fake", [new ValidationCheck("system-identifier", true, "7", "7")], null);
        h.Retry(new RetryRequest("bob", "row counts checked by hand"));

        Assert.Equal(RecoveryOutcome.Recovered, h.Result.Outcome);
        Assert.Equal(2, h.Steps.Count(S.Validate));
        Assert.Contains(h.Status.Finished, f => f.Step == S.Retry && f.Result.Contains("retry of validate by bob", StringComparison.Ordinal));
    }

    [Fact]
    public void Expected_empty_archive_parks_for_the_operator_without_asking_for_a_retarget()
    {
        var h = new RunbookHarness();
        h.Steps.Watches.Enqueue(FakeRecoverySteps.Fails(RecoveryErrorTypes.ExpectedEmptyArchive, "WAL archive check failed for server app-database-v2: Expected empty archive"));
        h.Start().ApproveAll();

        Assert.Equal(RunbookStates.WaitingForOperator, h.Status.State);
        Assert.Contains("Expected empty archive", h.Status.WaitingFor, StringComparison.Ordinal);
        Assert.Equal(0, h.Host.CountEvents(RecoveryEventKinds.RetargetNeeded));
        Assert.Contains("Cluster app-database was deleted", h.Host.Events.Single(e => e.Kind == RecoveryEventKinds.OperatorNeeded).Message, StringComparison.Ordinal);

        h.Abort("new lineage by hand");
        Assert.Equal(RecoveryOutcome.Aborted, h.Result.Outcome);
    }

    [Fact]
    public void Flip_back_runs_last_when_asked()
    {
        var h = new RunbookHarness(RunbookHarness.DefaultInput with { FlipBackAfterSuccess = true, ConsumerNamespaces = [] }).Start().ApproveAll();

        Assert.Equal(RecoveryOutcome.Recovered, h.Result.Outcome);
        Assert.Equal(S.FlipBack, h.Steps.Calls[^1]);
        Assert.Equal(0, h.Steps.Count(S.RestartConsumers));
    }

    [Fact]
    public void A_bug_in_a_step_fails_the_workflow_task_not_the_run()
    {
        var h = new RunbookHarness();
        h.Steps.Watches.Enqueue(_ => throw new NullReferenceException("a bug"));
        h.Start().ApproveAll();

        // Not converted into a non-retryable failure: Temporal retries the workflow task until a fixed worker carries the run on.
        Assert.IsType<NullReferenceException>(h.Fault);
        Assert.Null(h.Status.Failure);
        Assert.Equal(0, h.Host.CountEvents(RecoveryEventKinds.StepFailed));
    }

    [Fact]
    public void A_cancelled_run_ends_cancelled_not_failed()
    {
        using var cancel = new CancellationTokenSource();
        var h = new RunbookHarness();
        var hold = new TaskCompletionSource<RecoveryProgress>();
        h.Steps.Watches.Enqueue(_ => hold.Task);
        h.Start(cancel.Token).ApproveAll();
        Assert.Equal(S.WatchRecovery, h.Status.CurrentStep);

        // A Temporal cancel cancels the activity in flight and wakes the workflow.
        RunbookHarness.Drive(() =>
        {
            cancel.Cancel();
            h.Host.Poke();
            return h.Host;
        });

        Assert.True(h.Canceled, $"run not canceled: fault {h.Fault?.GetType().Name}, finished {h.Finished}");
        Assert.Null(h.Status.Failure);
        Assert.Equal(0, h.Steps.Count(S.Validate));
    }
}
