using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>
/// The human's side of an approval: the screen, then the typed database name; or, for scripts,
/// the plan hash they expect. Returns the approval to send, or why nothing is sent.
/// </summary>
public static class ApprovalPrompt
{
    public sealed record Decision(Approval? Approval, string? Refusal);

    public static Decision Ask(CliContext cli, PendingApproval pending, string approver, string? comment, string? expectPlanHash, bool yes)
    {
        if (yes)
        {
            return expectPlanHash == pending.PlanHash
                ? new Decision(ApprovalOf(pending, approver, comment), null)
                : new Decision(null, $"the pending plan hash of step '{pending.Step}' is {pending.PlanHash}, not {expectPlanHash}: the plan is not the one expected; read it with cnpg-dr approve {pending.Database}");
        }

        cli.Console.Write(RunViews.ApprovalScreen(pending));
        cli.Console.WriteLine();
        cli.Console.MarkupLine($"Type [bold]{Markup.Escape(pending.Database)}[/] to approve step [bold]{Markup.Escape(pending.Step)}[/]; anything else cancels.");
        cli.Console.Markup("[bold]database name>[/] ");
        var typed = cli.Input.ReadLine()?.Trim();
        return typed == pending.Database
            ? new Decision(ApprovalOf(pending, approver, comment), null)
            : new Decision(null, $"not approved: typed '{typed}', not '{pending.Database}'");
    }

    public static Approval ApprovalOf(PendingApproval pending, string approver, string? comment) =>
        new(pending.Step, pending.Database, pending.PlanHash, approver, comment);
}
