using CnpgDrTemporal.Activities.Metrics;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Recovery;

namespace CnpgDrTemporal.Tests.Metrics;

/// <summary>The runbook publishes its state, pending approval and step durations on the host's meter, scraped from the endpoint.</summary>
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
}
