using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Recovery;
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
    public void The_plan_of_a_dry_run_names_backup_target_lineages_what_it_deletes_and_findings()
    {
        var console = new TestConsole().Width(200);
        var plan = new RecoveryPlan(
            "gitea", "recover gitea from gitea-database-v1", CapturedStatus.Hash, "gitea-database-v1", "20260801T020000", CapturedStatus.T0,
            "gitea-database-v2", "gitea-database-v3", "7412345678901234567", null, [new PreflightFinding("argo-self-heal", false, "selfHeal is off")], null,
            Git: new GitPlan(new GitEdit(GitEditKind.Recover, "gitea", "gitea-database-v1", "gitea-database-v3"), "recover", CapturedStatus.Diff, CapturedStatus.Hash, null, "gitea", [], "after", "recover", CapturedStatus.T0),
            Target: new DeleteTarget(new AppRef("argocd", "gitea"), new ClusterRef("gitea", "gitea-database"), "uid-42", [new PinnedPvc("gitea-database-1", "pvc-1")]));

        console.Write(RunViews.Plan(plan));

        Assert.Contains("gitea-database-v1, backup 20260801T020000, target 2026-08-01 03:00:00Z", console.Output, StringComparison.Ordinal);
        Assert.Contains("gitea-database-v2 -> gitea-database-v3", console.Output, StringComparison.Ordinal);
        Assert.Contains("Cluster gitea/gitea-database (uid uid-42) and PVCs gitea-database-1", console.Output, StringComparison.Ordinal);
        Assert.Contains("argo-self-heal: selfHeal is off", console.Output, StringComparison.Ordinal);
        Assert.Contains("+  - overlays/recovery", console.Output, StringComparison.Ordinal);
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
