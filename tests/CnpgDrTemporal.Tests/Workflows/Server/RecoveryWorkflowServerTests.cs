using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Recovery;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Testing;
using Xunit;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;

namespace CnpgDrTemporal.Tests.Workflows.Server;

/// <summary>The real workflow on a real worker and dev server; activities replaced at the <see cref="CnpgDrTemporal.Activities.Recovery.IRecoverySteps"/> boundary.</summary>
public sealed class RecoveryWorkflowServerTests(LocalTemporalFixture fixture) : IClassFixture<LocalTemporalFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [TemporalFact]
    public async Task Happy_path_via_signals_with_status_query()
    {
        var (env, queue, db) = await SetUpAsync("happy");
        var steps = new FakeRecoverySteps();
        using var worker = LocalTemporalFixture.Worker(env, queue, steps);
        await worker.StartAsync();
        var handle = await StartAsync(env, queue, db);

        var plan = await PendingAsync(handle, S.Plan);
        Assert.Contains($"--workflow-id cnpg-dr-{db} --name approve", plan.ApproveCommand, StringComparison.Ordinal);
        await handle.SignalAsync(wf => wf.ApproveSignalAsync(new Approval(S.Plan, db, plan.PlanHash, "bob")));
        var delete = await PendingAsync(handle, S.Delete);
        await handle.SignalAsync(wf => wf.ApproveSignalAsync(new Approval(S.Delete, db, delete.PlanHash, "bob")));

        var result = await handle.GetResultAsync();
        Assert.Equal(RecoveryOutcome.Recovered, result.Outcome);
        Assert.Equal(1, steps.Count(S.Delete));
        var status = await handle.QueryAsync(wf => wf.Status);
        Assert.Equal(RunbookStates.Finished, status.State);
        Assert.Contains(status.Finished, f => f.Step == S.Validate);
        await worker.StopAsync();
        await LocalTemporalFixture.ExportHistoryAsync(handle, "happy-path");
    }

    [TemporalFact]
    public async Task Refused_approvals_are_visible_and_the_update_validator_rejects_them()
    {
        var (env, queue, db) = await SetUpAsync("refused");
        var steps = new FakeRecoverySteps();
        using var worker = LocalTemporalFixture.Worker(env, queue, steps);
        await worker.StartAsync();
        var handle = await StartAsync(env, queue, db);
        var plan = await PendingAsync(handle, S.Plan);

        await handle.SignalAsync(wf => wf.ApproveSignalAsync(new Approval(S.Delete, db, plan.PlanHash, "bob")));
        var status = await Eventually.ValueAsync(() => handle.QueryAsync(wf => wf.Status), s => s.Refused.Count == 1, Wait, "the refused signal in status");
        Assert.Contains("pending approval is for step 'plan'", status.Refused[0].Reason, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(new Approval(S.Plan, db, "stale", "bob"))));
        Assert.Contains("is not the pending plan's", refused.InnerException?.Message, StringComparison.Ordinal);
        var receipt = await handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(new Approval(S.Plan, db, plan.PlanHash, "bob")));
        Assert.Equal(S.Plan, receipt.Step);

        await PendingAsync(handle, S.Delete);
        Assert.Equal(0, steps.Count(S.Delete));
        await handle.SignalAsync(wf => wf.RejectAsync(new StopRequest("test over", "bob")));
        Assert.Equal(RecoveryOutcome.Rejected, (await handle.GetResultAsync()).Outcome);
        await worker.StopAsync();
        await LocalTemporalFixture.ExportHistoryAsync(handle, "refused-then-rejected");
    }

    [TemporalFact]
    public async Task A_new_worker_finishes_a_run_whose_worker_stopped_during_an_approval()
    {
        var (env, queue, db) = await SetUpAsync("restart");
        var steps = new FakeRecoverySteps();
        steps.PvcWaits.Enqueue(new CnpgDrTemporal.Activities.Cnpg.PvcWaitResult([new("pvc-1", true, "2026-03-01T08:00:00Z", ["longhorn"])], 300));
        WorkflowHandle<RecoveryWorkflow, RecoveryResult> handle;
        using (var first = LocalTemporalFixture.Worker(env, queue, steps))
        {
            await first.StartAsync();
            handle = await StartAsync(env, queue, db);
            foreach (var step in new[] { S.Plan, S.Delete })
            {
                var p = await PendingAsync(handle, step);
                await handle.SignalAsync(wf => wf.ApproveSignalAsync(new Approval(step, db, p.PlanHash, "bob")));
            }

            await PendingAsync(handle, S.RemoveFinalizers);
            await first.StopAsync();
        }

        using var second = LocalTemporalFixture.Worker(env, queue, steps);
        await second.StartAsync();
        var pending = await PendingAsync(handle, S.RemoveFinalizers);
        await handle.SignalAsync(wf => wf.ApproveSignalAsync(new Approval(S.RemoveFinalizers, db, pending.PlanHash, "bob")));

        Assert.Equal(RecoveryOutcome.Recovered, (await handle.GetResultAsync()).Outcome);
        foreach (var step in new[] { S.Plan, S.Push, S.Delete, S.RemoveFinalizers, S.Sync })
        {
            Assert.Equal(1, steps.Count(step));
        }

        await second.StopAsync();
        await LocalTemporalFixture.ExportHistoryAsync(handle, "worker-restart");
    }

    private static async Task<PendingApproval> PendingAsync(WorkflowHandle<RecoveryWorkflow, RecoveryResult> handle, string step) =>
        (await Eventually.ValueAsync(() => handle.QueryAsync(wf => wf.Status), s => s.PendingApproval?.Step == step, Wait, $"pending approval '{step}'")).PendingApproval!;

    private static Task<WorkflowHandle<RecoveryWorkflow, RecoveryResult>> StartAsync(WorkflowEnvironment env, string queue, string db)
    {
        var input = new RecoveryInput(db, ApprovalTimeout: TimeSpan.FromMinutes(10));
        return env.Client.StartWorkflowAsync((RecoveryWorkflow wf) => wf.RunAsync(input), new WorkflowOptions(RecoveryInput.WorkflowIdFor(db), queue));
    }

    private async Task<(WorkflowEnvironment Env, string Queue, string Db)> SetUpAsync(string name)
    {
        var env = await fixture.EnvironmentAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return (env, $"cnpg-dr-test-{suffix}", $"{name}-{suffix}");
    }
}
