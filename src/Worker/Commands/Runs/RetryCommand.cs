using System.ComponentModel;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary><c>retry &lt;db&gt;</c>: runs the step a recovery parked on again, once its cause is fixed.</summary>
public sealed class RetryCommand(CliContext cli) : DrCommand<RetrySettings>(cli)
{
    protected override async Task<int> RunAsync(RetrySettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var run = await RecoveryRun.ConnectAsync(services, args.Db).ConfigureAwait(false);
        var status = await run.StatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.State != RunbookStates.WaitingForOperator)
        {
            await Cli.Error.WriteLineAsync($"the recovery of {args.Db} is not parked after a failure (state {status.State})").ConfigureAwait(false);
            return ExitCodes.CheckRefused;
        }

        var request = new RetryRequest(args.Identity, args.Comment);
        await run.Rpc(async () =>
        {
            await run.Handle.SignalAsync(wf => wf.RetryAsync(request)).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        await Output.WriteLineAsync(args.Json ? Json.Serialize(request) : $"retry sent to {run.WorkflowId} (step {status.CurrentStep ?? "-"}, parked on: {status.Failure}); cnpg-dr watch {args.Db} follows it").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

/// <summary>The options of <see cref="RetryCommand"/>.</summary>
public sealed class RetrySettings : RunSettings
{
    [CommandOption("--comment <TEXT>")]
    [Description("what was fixed, recorded in the run")]
    public string? Comment { get; init; }
}
