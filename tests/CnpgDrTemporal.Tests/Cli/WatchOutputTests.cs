using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Worker.Commands.Runs;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console.Testing;
using static CnpgDrTemporal.Tests.Cli.CapturedStatus;

namespace CnpgDrTemporal.Tests.Cli;

/// <summary><c>watch</c> off a terminal prints one line per change; on a terminal the status view is redrawn.</summary>
public sealed class WatchOutputTests
{
    [Fact]
    public void Plain_output_prints_each_change_once_in_order()
    {
        var watch = new PlainWatch();
        var progress = new RecoveryProgress(false, 3, "000000020000000000000003", null, "restored log file \"000000020000000000000003\" from archive", "Setting up primary", []);

        var first = watch.Next(AtPlanApproval());
        var again = watch.Next(AtPlanApproval());
        var watching = watch.Next(CapturedStatus.Status(RunbookStates.Running, "watch-recovery", [Step("plan", 0, 4), Step("approval:plan", 4, 64, "approved by alice")], progress: progress));
        var done = watch.Next(CapturedStatus.Status(RunbookStates.Finished, null, [Step("plan", 0, 4), Step("approval:plan", 4, 64, "approved by alice"), Step("watch-recovery", 64, 200, "consistent")], outcome: RecoveryOutcome.Recovered));

        Assert.Equal(
            ["state: waiting-for-approval", "done plan in 4.0s: ok", "step: approval:plan, waiting for approval 'plan'", "waiting for approval 'plan' until 2026-08-02 03:00:00Z: cnpg-dr approve gitea"],
            first);
        Assert.Empty(again);
        Assert.Equal(
            ["state: running", "done approval:plan in 1m00s: approved by alice", "step: watch-recovery", "WAL files restored: 3 (last 000000020000000000000003)", "last recovery log line: restored log file \"000000020000000000000003\" from archive"],
            watching);
        Assert.Equal(["state: finished", "done watch-recovery in 2m16s: consistent", "outcome: Recovered"], done);
    }

    [Fact]
    public void The_status_view_shows_steps_with_durations_the_current_step_and_what_it_waits_for()
    {
        var console = new TestConsole().Width(160);

        console.Write(RunViews.Status(AtPlanApproval()));

        Assert.Contains("gitea: waiting-for-approval", console.Output, StringComparison.Ordinal);
        Assert.Matches(@"plan\s+4\.0s\s+ok", console.Output);
        Assert.Matches(@"approval:plan\s+\.\.\.\s+approval 'plan'", console.Output);
        Assert.Contains("cnpg-dr approve gitea", console.Output, StringComparison.Ordinal);
    }
}
