using System.ComponentModel;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>Settings of <c>abort</c> and <c>reject</c>: the reason is required, it ends up in the run's result.</summary>
public sealed class StopSettings : RunSettings
{
    [CommandOption("--reason <TEXT>")]
    [Description("why the run stops; required")]
    public string? Reason { get; init; }

    public override Spectre.Console.ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Reason) ? Spectre.Console.ValidationResult.Error("--reason is required: say why the run stops") : Spectre.Console.ValidationResult.Success();
}

/// <summary><c>abort &lt;db&gt; --reason TEXT</c>: the run stops at its next step boundary (a started destructive step finishes).</summary>
public sealed class AbortCommand(CliContext cli) : StopCommand(cli, "abort");

/// <summary><c>reject &lt;db&gt; --reason TEXT</c>: turns down the pending approval; the run ends without further changes.</summary>
public sealed class RejectCommand(CliContext cli) : StopCommand(cli, "reject");

/// <summary>Sends the <c>abort</c> or <c>reject</c> signal to a running recovery.</summary>
public abstract class StopCommand(CliContext cli, string signal) : DrCommand<StopSettings>(cli)
{
    protected override async Task<int> RunAsync(StopSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var run = await RecoveryRun.ConnectAsync(services, args.Db).ConfigureAwait(false);
        if (!await run.RunningAsync(cancellationToken).ConfigureAwait(false))
        {
            await Cli.Error.WriteLineAsync($"the recovery of {args.Db} ({run.WorkflowId}) is not running: nothing to {signal}").ConfigureAwait(false);
            return ExitCodes.CheckRefused;
        }

        var request = new StopRequest(args.Reason, args.Identity);
        await run.Rpc(async () =>
        {
            await (signal == "abort"
                ? run.Handle.SignalAsync(wf => wf.AbortAsync(request))
                : run.Handle.SignalAsync(wf => wf.RejectAsync(request))).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        await Output.WriteLineAsync(args.Json
            ? Json.Serialize(new { signal, run.WorkflowId, request })
            : $"{signal} sent to {run.WorkflowId} as {args.Identity}: the run stops at its next step boundary; cnpg-dr watch {args.Db} shows the end").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
