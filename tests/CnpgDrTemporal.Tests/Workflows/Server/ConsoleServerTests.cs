using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Tests.Kubernetes;
using CnpgDrTemporal.Tests.Recovery;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using Temporalio.Testing;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Workflows.Server;

/// <summary>
/// The operator's console against a real dev server and worker, the step activities on the simulator
/// (plan, push and validation scripted): a recovery run from start to end with recover, approve and
/// watch alone, and an abort.
/// </summary>
public sealed class ConsoleServerTests(LocalTemporalFixture fixture) : IClassFixture<LocalTemporalFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [TemporalFact]
    public async Task A_recovery_runs_from_start_to_end_with_recover_approve_and_watch()
    {
        await using var bed = await SimulatedRecovery.SeededBedAsync(null);
        await OnOneWorkerAsync(bed, async (settings, handle) =>
        {
            var dry = await CliRunner.RunAsync(settings, "recover", Db, "--dry-run", "--interval", "0.2");
            Assert.Equal((0, string.Empty), (dry.ExitCode, dry.Error));
            Assert.Contains($"plan for {Db}", dry.Output, StringComparison.Ordinal);
            Assert.Contains("DryRun", dry.Output, StringComparison.Ordinal);

            var started = await CliRunner.RunAsync(settings, "recover", Db, "--interval", "0.2", "--as", "alice");
            Assert.Equal((0, string.Empty), (started.ExitCode, started.Error));
            Assert.Contains($"plan for {Db}", started.Output, StringComparison.Ordinal);
            Assert.Contains(ClusterName, started.Output, StringComparison.Ordinal);
            Assert.Contains($"next: cnpg-dr approve {Db}", started.Output, StringComparison.Ordinal);

            var again = await CliRunner.RunAsync(settings, "recover", Db, "--interval", "0.2");
            Assert.Equal(0, again.ExitCode);
            Assert.Contains("already in progress", again.Output, StringComparison.Ordinal);

            var plan = await CliRunner.RunAsync(settings, null, new StringReader(Db + "\n"), "approve", Db, "--as", "bob");
            Assert.Equal((0, string.Empty), (plan.ExitCode, plan.Error));
            Assert.Contains($"approved step plan of {Db}", plan.Output, StringComparison.Ordinal);

            var delete = (await Eventually.ValueAsync(() => handle().QueryAsync(wf => wf.Status), s => s.PendingApproval?.Step == S.Delete, Wait, "the delete approval")).PendingApproval!;
            var stale = await CliRunner.RunAsync(settings, "approve", Db, "--yes", "--expect-plan-hash", "not-the-plan", "--as", "bob");
            Assert.Equal(3, stale.ExitCode);
            Assert.Contains($"is {delete.PlanHash}, not not-the-plan", stale.Error, StringComparison.Ordinal);
            var approved = await CliRunner.RunAsync(settings, "approve", Db, "--yes", "--expect-plan-hash", delete.PlanHash, "--as", "bob");
            Assert.Equal((0, string.Empty), (approved.ExitCode, approved.Error));

            var watch = await CliRunner.RunAsync(settings, "watch", Db, "--interval", "0.2").WaitAsync(Wait);
            Assert.Equal((0, string.Empty), (watch.ExitCode, watch.Error));
            Assert.Contains("done validate in", watch.Output, StringComparison.Ordinal);
            Assert.Contains("Recovered:", watch.Output, StringComparison.Ordinal);
            Assert.Equal(RecoveryOutcome.Recovered, (await handle().GetResultAsync()).Outcome);
        });
    }

    [TemporalFact]
    public async Task Abort_ends_the_run_and_watch_exits_three()
    {
        await using var bed = await SimulatedRecovery.SeededBedAsync(null);
        await OnOneWorkerAsync(bed, async (settings, handle) =>
        {
            Assert.Equal(0, (await CliRunner.RunAsync(settings, "recover", Db, "--interval", "0.2")).ExitCode);

            var abort = await CliRunner.RunAsync(settings, "abort", Db, "--reason", "restoring by hand", "--as", "carol");
            var watch = await CliRunner.RunAsync(settings, "watch", Db, "--interval", "0.2").WaitAsync(Wait);

            Assert.Equal((0, string.Empty), (abort.ExitCode, abort.Error));
            Assert.Equal(3, watch.ExitCode);
            Assert.Contains("Aborted:", watch.Output, StringComparison.Ordinal);
            Assert.Equal(RecoveryOutcome.Aborted, (await handle().GetResultAsync()).Outcome);
            Assert.Equal(3, (await CliRunner.RunAsync(settings, "abort", Db, "--reason", "twice")).ExitCode);
        });
    }

    /// <summary>A worker over <paramref name="bed"/>, the console's settings pointing at it; never leaves a run behind.</summary>
    private async Task OnOneWorkerAsync(ClusterTestBed bed, Func<Dictionary<string, string?>, Func<WorkflowHandle<RecoveryWorkflow, RecoveryResult>>, Task> test)
    {
        var env = await fixture.EnvironmentAsync();
        var queue = $"cnpg-dr-test-{Guid.NewGuid().ToString("N")[..8]}";
        await using var services = bed.Services();
        using var worker = LocalTemporalFixture.Worker(env, queue, new SimulatorRecoveryActivities(services.GetRequiredService<RecoveryActivities>(), StepTimings.From(bed.Options), services.GetRequiredService<Preflight>()));
        await worker.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Dr:Temporal:Address"] = env.Client.Connection.Options.TargetHost,
            ["Dr:Temporal:Namespace"] = env.Client.Options.Namespace,
            ["Dr:Temporal:TaskQueue"] = queue,
        };
        WorkflowHandle<RecoveryWorkflow, RecoveryResult> Handle() => env.Client.GetWorkflowHandle<RecoveryWorkflow, RecoveryResult>(RecoveryInput.WorkflowIdFor(Db));
        try
        {
            await test(settings, Handle);
        }
        finally
        {
            await TerminateIfRunningAsync(Handle());
            await worker.StopAsync();
        }
    }

    private static async Task TerminateIfRunningAsync(WorkflowHandle<RecoveryWorkflow, RecoveryResult> handle)
    {
        try
        {
            if ((await handle.DescribeAsync()).Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running)
            {
                await handle.TerminateAsync("test over");
            }
        }
        catch (Temporalio.Exceptions.RpcException e) when (e.Code == Temporalio.Exceptions.RpcException.StatusCode.NotFound)
        {
            // the test failed before it started a run
        }
    }
}
