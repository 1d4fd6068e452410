using CnpgDrTemporal.Activities.Cnpg;
using System.Threading.Channels;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.KubeSim.Controllers;
using CnpgDrTemporal.Tests.Kubernetes;
using CnpgDrTemporal.Tests.Recovery;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;
using Temporalio.Testing;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Workflows.Server;

/// <summary>
/// The real workflow on a real worker and dev server, with the real step activities on the simulator
/// (plan, push and validation scripted): what broke when time passed on a real server.
/// </summary>
public sealed class RecoveryDurabilityServerTests(LocalTemporalFixture fixture) : IClassFixture<LocalTemporalFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [TemporalFact]
    public async Task Abort_during_the_watch_ends_the_run_within_seconds()
    {
        await using var bed = await SimulatedRecovery.SeededBedAsync(o => (o.RecoveryPodTimeout, o.RecoveryTimeout) = (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10)));
        bed.Sim.Cnpg.CreateRecoveryPods = false;
        await OnOneWorkerAsync(bed, "abort-during-watch", async handle =>
        {
            await ApproveAsync(handle, S.Plan);
            await ApproveAsync(handle, S.Delete);
            await Eventually.ValueAsync(() => handle.QueryAsync(wf => wf.Status), s => s.CurrentStep == S.WatchRecovery, Wait, "the watch to run");

            await handle.SignalAsync(wf => wf.AbortAsync(new StopRequest("restoring by hand", "carol")));
            var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(15));

            Assert.Equal(RecoveryOutcome.Aborted, result.Outcome);
            Assert.Contains("was deleted", result.Reason, StringComparison.Ordinal);
        });
    }

    [TemporalFact]
    public async Task A_new_worker_carries_on_a_watch_whose_worker_stopped()
    {
        var log = Channel.CreateUnbounded<string>();
        await using var bed = await SimulatedRecovery.SeededBedAsync(o => o.WatchSlice = TimeSpan.FromSeconds(1));
        bed.Sim.Cnpg.RecoveryLogSource = _ => log.Reader.ReadAllAsync();
        var (env, queue) = await SetUpAsync();
        await using var services = bed.Services();
        var handle = default(WorkflowHandle<RecoveryWorkflow, RecoveryResult>);
        try
        {
            using (var first = Worker(env, queue, bed, services))
            {
                await first.StartAsync();
                handle = await StartAsync(env, queue);
                await ApproveAsync(handle, S.Plan);
                await ApproveAsync(handle, S.Delete);
                await log.Writer.WriteAsync(RecoveryScripts.Record("LOG", "restored log file \"000000020000000000000001\" from archive"));
                await Eventually.ValueAsync(() => handle.QueryAsync(wf => wf.Status), s => s.Progress?.RestoredFiles == 1, Wait, "the first WAL file in the watch's progress");
                await first.StopAsync();
            }

            using var second = Worker(env, queue, bed, services);
            await second.StartAsync();
            await log.Writer.WriteAsync(RecoveryScripts.Record("LOG", "restored log file \"000000020000000000000002\" from archive"));
            await log.Writer.WriteAsync(RecoveryScripts.Record("LOG", "consistent recovery state reached at 0/5000100"));
            log.Writer.Complete();
            var result = await handle.GetResultAsync().WaitAsync(Wait);

            Assert.Equal(RecoveryOutcome.Recovered, result.Outcome);
            Assert.Equal(2, (await handle.QueryAsync(wf => wf.Status)).Progress?.RestoredFiles);
            await second.StopAsync();
            await LocalTemporalFixture.ExportHistoryAsync(handle, "worker-restart-during-watch");
        }
        finally
        {
            await TerminateIfRunningAsync(handle);
        }
    }

    [TemporalFact]
    public async Task Pvcs_held_by_a_finalizer_lead_to_the_remove_finalizers_approval()
    {
        await using var bed = await SimulatedRecovery.SeededBedAsync(o => (o.PvcStuckThreshold, o.PvcDeleteTimeout) = (TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15)));
        bed.Sim.Storage.HoldFinalizers = true;
        await OnOneWorkerAsync(bed, "stuck-pvc-approval", async handle =>
        {
            await ApproveAsync(handle, S.Plan);
            await ApproveAsync(handle, S.Delete);
            var pending = await ApproveAsync(handle, S.RemoveFinalizers);

            Assert.Contains($"{ClusterName}-1", pending.Why, StringComparison.Ordinal);
            Assert.Equal(RecoveryOutcome.Recovered, (await handle.GetResultAsync().WaitAsync(Wait)).Outcome);
        });
    }

    /// <summary>Starts a run on one worker over <paramref name="bed"/>, runs <paramref name="test"/>, exports the history as <paramref name="history"/>; never leaves the run behind.</summary>
    private async Task OnOneWorkerAsync(ClusterTestBed bed, string history, Func<WorkflowHandle<RecoveryWorkflow, RecoveryResult>, Task> test)
    {
        var (env, queue) = await SetUpAsync();
        await using var services = bed.Services();
        using var worker = Worker(env, queue, bed, services);
        await worker.StartAsync();
        var handle = await StartAsync(env, queue);
        try
        {
            await test(handle);
            await LocalTemporalFixture.ExportHistoryAsync(handle, history);
        }
        finally
        {
            await TerminateIfRunningAsync(handle);
            await worker.StopAsync();
        }
    }

    private static IHost Worker(WorkflowEnvironment env, string queue, ClusterTestBed bed, ServiceProvider services) =>
        LocalTemporalFixture.Worker(env, queue, new SimulatorRecoveryActivities(services.GetRequiredService<RecoveryActivities>(), StepTimings.From(bed.Options), services.GetRequiredService<Preflight>()));

    private static async Task<PendingApproval> ApproveAsync(WorkflowHandle<RecoveryWorkflow, RecoveryResult> handle, string step)
    {
        var pending = (await Eventually.ValueAsync(() => handle.QueryAsync(wf => wf.Status), s => s.PendingApproval?.Step == step, Wait, $"pending approval '{step}'")).PendingApproval!;
        await handle.SignalAsync(wf => wf.ApproveSignalAsync(new Approval(step, Db, pending.PlanHash, "bob")));
        return pending;
    }

    private static Task<WorkflowHandle<RecoveryWorkflow, RecoveryResult>> StartAsync(WorkflowEnvironment env, string queue)
    {
        var input = new RecoveryInput(Db, ApprovalTimeout: TimeSpan.FromMinutes(10), RecoveryTimeout: TimeSpan.FromMinutes(5));
        return env.Client.StartWorkflowAsync((RecoveryWorkflow wf) => wf.RunAsync(input), new WorkflowOptions(RecoveryInput.WorkflowIdFor(Db), queue));
    }

    private static async Task TerminateIfRunningAsync(WorkflowHandle<RecoveryWorkflow, RecoveryResult>? handle)
    {
        if (handle is not null && (await handle.DescribeAsync()).Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running)
        {
            await handle.TerminateAsync("test over");
        }
    }

    private async Task<(WorkflowEnvironment Env, string Queue)> SetUpAsync() =>
        (await fixture.EnvironmentAsync(), $"cnpg-dr-test-{Guid.NewGuid().ToString("N")[..8]}");
}
