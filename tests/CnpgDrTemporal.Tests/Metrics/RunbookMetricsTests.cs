using CnpgDrTemporal.Activities.Metrics;
using CnpgDrTemporal.Tests.Kubernetes;
using CnpgDrTemporal.Tests.Recovery;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Recovery;

namespace CnpgDrTemporal.Tests.Metrics;

/// <summary>
/// The runbook publishes its state, pending approval, step durations and WAL files restored on the
/// host's meter, scraped from the endpoint: on fakes, and on the real step activities over the simulator.
/// </summary>
public sealed class RunbookMetricsTests
{
    [Fact]
    public async Task StepsApprovalsAndStateReachTheEndpoint()
    {
        using var endpoint = new MetricsEndpoint();
        var h = new RunbookHarness();
        h.Host.Metrics = endpoint.Runtime.MetricMeter;
        h.Start();
        Assert.Equal(RunbookStates.WaitingForApproval, h.Status.State);

        var waiting = await endpoint.ScrapeAsync();
        Assert.Equal(1, MetricsEndpoint.Value(waiting, MetricNames.StepDuration + "_count", ("database", "app"), ("step", RunbookSteps.Plan), ("outcome", "ok")));
        Assert.Equal(1, MetricsEndpoint.Value(waiting, MetricNames.RecoveryState, ("database", "app"), ("state", RunbookStates.WaitingForApproval)));
        Assert.Equal(0, MetricsEndpoint.Value(waiting, MetricNames.RecoveryState, ("database", "app"), ("state", RunbookStates.Running)));
        Assert.Equal(h.Status.PendingApproval!.Since.ToUnixTimeSeconds(), MetricsEndpoint.Value(waiting, MetricNames.ApprovalPendingSince, ("database", "app"), ("step", RunbookSteps.ApprovalKey(RunbookSteps.Plan))));

        h.Reject("not today");
        Assert.True(h.Finished);
        var ended = await endpoint.ScrapeAsync();
        Assert.Equal(1, MetricsEndpoint.Value(ended, MetricNames.RecoveryState, ("database", "app"), ("state", RunbookStates.Finished)));
        Assert.Equal(0, MetricsEndpoint.Value(ended, MetricNames.RecoveryState, ("database", "app"), ("state", RunbookStates.WaitingForApproval)));
        Assert.Equal(0, MetricsEndpoint.Value(ended, MetricNames.ApprovalPendingSince, ("database", "app"), ("step", RunbookSteps.ApprovalKey(RunbookSteps.Plan))));
    }

    [Fact]
    public async Task ARecoveryOnTheRealActivitiesRecordsEachStepAndTheWalFilesRestored()
    {
        using var endpoint = new MetricsEndpoint();
        await using var r = await SimulatedRecovery.StartAsync(metrics: endpoint.Runtime.MetricMeter);
        await r.ApproveAsync(RunbookSteps.Plan);
        var delete = await r.PendingAsync(RunbookSteps.Delete);
        var waiting = await endpoint.ScrapeAsync();
        Assert.Equal(delete.Since.ToUnixTimeMilliseconds() / 1000.0, MetricsEndpoint.Value(waiting, MetricNames.ApprovalPendingSince, ("database", ClusterTestBed.Db), ("step", RunbookSteps.ApprovalKey(RunbookSteps.Delete))));
        Assert.Equal(1, MetricsEndpoint.Value(waiting, MetricNames.StepDuration + "_count", ("database", ClusterTestBed.Db), ("step", RunbookSteps.HardRefresh), ("outcome", "ok")));

        await r.ApproveAsync(RunbookSteps.Delete);
        Assert.Equal(RecoveryOutcome.Recovered, (await r.ResultAsync(TimeSpan.FromSeconds(60))).Outcome);
        var done = await endpoint.ScrapeAsync();
        var status = r.Status();
        foreach (var step in status.Finished.GroupBy(f => f.Step))
        {
            Assert.Equal(step.Count(), MetricsEndpoint.Value(done, MetricNames.StepDuration + "_count", ("database", ClusterTestBed.Db), ("step", step.Key), ("outcome", "ok")));
        }

        var watch = status.Finished.Single(f => f.Step == RunbookSteps.WatchRecovery);
        Assert.Equal((watch.EndedAt - watch.StartedAt).TotalSeconds, MetricsEndpoint.Value(done, MetricNames.StepDuration + "_sum", ("database", ClusterTestBed.Db), ("step", RunbookSteps.WatchRecovery), ("outcome", "ok")), 3);
        Assert.Equal(status.Progress!.RestoredFiles, MetricsEndpoint.Value(done, MetricNames.WalFilesRestored, ("database", ClusterTestBed.Db)));
        Assert.Equal(1, MetricsEndpoint.Value(done, MetricNames.RecoveryState, ("database", ClusterTestBed.Db), ("state", RunbookStates.Finished)));
    }
}
