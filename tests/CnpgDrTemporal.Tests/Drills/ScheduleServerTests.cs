using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Tests.Workflows.Server;
using CnpgDrTemporal.Worker.Commands;

namespace CnpgDrTemporal.Tests.Drills;

/// <summary>`schedule apply` against a real dev server: applying twice leaves one schedule, updated in place.</summary>
public sealed class ScheduleServerTests(LocalTemporalFixture server) : IClassFixture<LocalTemporalFixture>
{
    [TemporalFact]
    public async Task ApplyingTwiceCreatesThenUpdatesOneSkipOverlapScheduleThatPausesOnFailure()
    {
        var env = await server.EnvironmentAsync();
        var drill = new DrillScheduleOptions();
        Assert.True(await ScheduleCommand.ApplyAsync(env.Client, "app", drill, "drills"));
        drill.TimeZone = "Europe/Berlin";
        Assert.False(await ScheduleCommand.ApplyAsync(env.Client, "app", drill, "drills"));

        var d = await env.Client.GetScheduleHandle(DrillScheduleOptions.ScheduleId("app")).DescribeAsync();
        Assert.Equal("Europe/Berlin", d.Schedule.Spec.TimeZoneName);
        Assert.Equal(Temporalio.Api.Enums.V1.ScheduleOverlapPolicy.Skip, d.Schedule.Policy.Overlap);
        Assert.True(d.Schedule.Policy.PauseOnFailure);
        Assert.Equal(TimeSpan.FromDays(1), d.Schedule.Policy.CatchupWindow);
        var ids = new List<string>();
        await foreach (var s in env.Client.ListSchedulesAsync())
        {
            ids.Add(s.Id);
        }

        Assert.Single(ids, id => id == DrillScheduleOptions.ScheduleId("app"));
    }
}
