using System.ComponentModel;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console;
using Spectre.Console.Cli;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>
/// <c>approve &lt;db&gt;</c>: shows the pending approval, asks for the database name, sends the
/// <c>Approve</c> update (the <c>approve</c> signal on servers without Update). Exit 3 when refused.
/// </summary>
public sealed class ApproveCommand(CliContext cli) : DrCommand<ApproveSettings>(cli)
{
    protected override async Task<int> RunAsync(ApproveSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var run = await RecoveryRun.ConnectAsync(services, args.Db).ConfigureAwait(false);
        var status = await run.StatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.PendingApproval is not { } pending)
        {
            await Cli.Error.WriteLineAsync($"no approval is pending for {args.Db} (state {status.State}, step {status.CurrentStep ?? "-"})").ConfigureAwait(false);
            return ExitCodes.CheckRefused;
        }

        var decision = ApprovalPrompt.Ask(Cli, pending, args.Identity, args.Comment, args.ExpectPlanHash, args.Yes);
        if (decision.Approval is not { } approval)
        {
            await Cli.Error.WriteLineAsync($"refused: {decision.Refusal}").ConfigureAwait(false);
            return ExitCodes.CheckRefused;
        }

        var refusal = await SendAsync(run, approval, args.PollInterval, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            await Cli.Error.WriteLineAsync($"refused: {refusal}").ConfigureAwait(false);
            return ExitCodes.CheckRefused;
        }

        if (args.Json)
        {
            await Output.WriteLineAsync(Json.Serialize(approval)).ConfigureAwait(false);
        }
        else
        {
            Cli.Console.MarkupLine($"[green]approved[/] step {Markup.Escape(approval.Step)} of {Markup.Escape(approval.Database)} (plan {Markup.Escape(approval.PlanHash)}) as {Markup.Escape(approval.Approver)}; follow it with cnpg-dr watch {Markup.Escape(approval.Database)}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The update answers at once; the signal's answer is read back from the status query.</summary>
    private static async Task<string?> SendAsync(RecoveryRun run, Approval approval, TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await run.Handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(approval), new WorkflowUpdateOptions { Rpc = new RpcOptions { CancellationToken = ct } }).ConfigureAwait(false);
            return null;
        }
        catch (WorkflowUpdateFailedException e)
        {
            return e.InnerException?.Message ?? e.Message;
        }
        catch (RpcException e) when (UpdateUnsupported(e))
        {
            await run.Rpc(async () =>
            {
                await run.Handle.SignalAsync(wf => wf.ApproveSignalAsync(approval), new WorkflowSignalOptions { Rpc = new RpcOptions { CancellationToken = ct } }).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            return await SignalAnswerAsync(run, approval, interval, ct).ConfigureAwait(false);
        }
    }

    private static async Task<string?> SignalAnswerAsync(RecoveryRun run, Approval approval, TimeSpan interval, CancellationToken ct)
    {
        for (var i = 0; i < 30; i++)
        {
            var status = await run.StatusAsync(ct).ConfigureAwait(false);
            if (status.Refused.LastOrDefault(r => r.Approval == approval) is { } refused)
            {
                return refused.Reason;
            }

            if (status.Approvals.Contains(approval) || status.PendingApproval?.Step != approval.Step)
            {
                return null;
            }

            await Task.Delay(interval, ct).ConfigureAwait(false);
        }

        throw new Activities.DrException($"sent the approve signal to {run.WorkflowId} but the run has not taken it yet: check with cnpg-dr watch {run.Database}");
    }

    /// <summary>Servers with Update disabled answer Unimplemented or "operation is disabled".</summary>
    private static bool UpdateUnsupported(RpcException e) =>
        e.Code == RpcException.StatusCode.Unimplemented ||
        (e.Code is RpcException.StatusCode.PermissionDenied or RpcException.StatusCode.FailedPrecondition && e.Message.Contains("disabled", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The options of <see cref="ApproveCommand"/>.</summary>
public sealed class ApproveSettings : PollingSettings
{
    [CommandOption("--comment <TEXT>")]
    [Description("why you approve, recorded in the run")]
    public string? Comment { get; init; }

    [CommandOption("--yes")]
    [Description("no prompt (scripts); needs --expect-plan-hash")]
    public bool Yes { get; init; }

    [CommandOption("--expect-plan-hash <HASH>")]
    [Description("refuse unless the pending plan has this hash")]
    public string? ExpectPlanHash { get; init; }

    public override ValidationResult Validate() =>
        Yes && string.IsNullOrWhiteSpace(ExpectPlanHash)
            ? ValidationResult.Error("--yes needs --expect-plan-hash: a script approves only the plan it read")
            : base.Validate();
}
