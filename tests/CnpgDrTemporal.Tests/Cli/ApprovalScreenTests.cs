using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Worker.Commands.Runs;
using Spectre.Console.Testing;

namespace CnpgDrTemporal.Tests.Cli;

/// <summary>The approval screen and the human's confirmation, from a captured status, on a TestConsole.</summary>
public sealed class ApprovalScreenTests
{
    [Fact]
    public void The_screen_names_step_database_why_hash_deadline_and_shows_the_diff()
    {
        var console = new TestConsole().Width(200);

        console.Write(RunViews.ApprovalScreen(CapturedStatus.Pending("delete", "delete Cluster gitea/gitea-database (uid 42) and PVCs gitea-database-1")));

        var text = console.Output;
        Assert.Contains("approval pending: step delete of gitea", text, StringComparison.Ordinal);
        Assert.Contains("delete Cluster gitea/gitea-database (uid 42) and PVCs gitea-database-1", text, StringComparison.Ordinal);
        Assert.Contains(CapturedStatus.Hash, text, StringComparison.Ordinal);
        Assert.Contains("2026-08-02 03:00:00Z", text, StringComparison.Ordinal);
        Assert.Contains("+  - overlays/recovery", text, StringComparison.Ordinal);
        Assert.Contains("-  - overlays/primary", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_diff_is_coloured_additions_green_removals_red()
    {
        var console = new TestConsole().Width(200).Colors(Spectre.Console.ColorSystem.TrueColor).EmitAnsiSequences();

        console.Write(DiffView.Render(CapturedStatus.Diff));

        var lines = console.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("\u001b[38;5;2m+  - overlays/recovery", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("\u001b[38;5;9m-  - overlays/primary", StringComparison.Ordinal));
        Assert.Contains(" resources:", lines);
    }

    [Fact]
    public void Typing_the_database_name_approves_the_pending_step_and_hash()
    {
        var (cli, console) = Cli("gitea\n");

        var decision = ApprovalPrompt.Ask(cli, CapturedStatus.Pending(), "alice", "looks right", null, yes: false);

        Assert.Null(decision.Refusal);
        Assert.Equal(new CnpgDrTemporal.Workflows.Recovery.Approval("plan", "gitea", CapturedStatus.Hash, "alice", "looks right"), decision.Approval);
        Assert.Contains("Type gitea to approve step plan", console.Output, StringComparison.Ordinal);
        Assert.Contains("+  - overlays/recovery", console.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gitea-db\n")]
    [InlineData("yes\n")]
    public void Anything_but_the_database_name_approves_nothing(string typed)
    {
        var (cli, _) = Cli(typed);

        var decision = ApprovalPrompt.Ask(cli, CapturedStatus.Pending(), "alice", null, null, yes: false);

        Assert.Null(decision.Approval);
        Assert.StartsWith("not approved: typed", decision.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Yes_with_another_plan_hash_is_refused_without_a_prompt()
    {
        var (cli, console) = Cli(string.Empty);

        var decision = ApprovalPrompt.Ask(cli, CapturedStatus.Pending(), "ci", null, "0123456789abcdef", yes: true);

        Assert.Null(decision.Approval);
        Assert.Contains($"is {CapturedStatus.Hash}, not 0123456789abcdef", decision.Refusal, StringComparison.Ordinal);
        Assert.Equal(string.Empty, console.Output);
    }

    [Fact]
    public void Yes_with_the_pending_plan_hash_approves_without_a_prompt()
    {
        var (cli, console) = Cli(string.Empty);

        var decision = ApprovalPrompt.Ask(cli, CapturedStatus.Pending(), "ci", null, CapturedStatus.Hash, yes: true);

        Assert.Equal(CapturedStatus.Hash, decision.Approval?.PlanHash);
        Assert.Equal("ci", decision.Approval?.Approver);
        Assert.Equal(string.Empty, console.Output);
    }

    private static (CliContext Cli, TestConsole Console) Cli(string typed)
    {
        var console = new TestConsole().Width(200);
        return (new CliContext(console, TextWriter.Null, new StringReader(typed)), console);
    }
}
