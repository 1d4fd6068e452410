using System.ComponentModel;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary><c>retarget &lt;db&gt;</c>: answers "recovery target unreachable" with a new target, or the latest one.</summary>
public sealed class RetargetCommand(CliContext cli) : DrCommand<RetargetSettings>(cli)
{
    protected override async Task<int> RunAsync(RetargetSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var request = new RetargetRequest(CliTime.Parse(args.TargetTime, "target-time"), args.BackupId);
        var run = await RecoveryRun.ConnectAsync(services, args.Db).ConfigureAwait(false);
        var status = await run.StatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.State != RunbookStates.WaitingForRetarget)
        {
            await Cli.Error.WriteLineAsync($"the recovery of {args.Db} does not wait for a new target (state {status.State})").ConfigureAwait(false);
            return ExitCodes.CheckRefused;
        }

        await run.Rpc(async () =>
        {
            await run.Handle.SignalAsync(wf => wf.RetargetAsync(request)).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        await Output.WriteLineAsync(args.Json ? Json.Serialize(request) : $"retarget sent to {run.WorkflowId}: {(args.Latest ? "latest" : $"{args.TargetTime ?? "-"} / backup {args.BackupId ?? "-"}")}; cnpg-dr approve {args.Db} shows the new plan").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

/// <summary>The options of <see cref="RetargetCommand"/>.</summary>
public sealed class RetargetSettings : RunSettings
{
    [CommandOption("--target-time <ISO8601>")]
    [Description("the new point in time (with a zone)")]
    public string? TargetTime { get; init; }

    [CommandOption("--backup-id <ID>")]
    [Description("the new base backup")]
    public string? BackupId { get; init; }

    [CommandOption("--latest")]
    [Description("recover to the end of the archived WAL")]
    public bool Latest { get; init; }

    public override Spectre.Console.ValidationResult Validate() =>
        Latest == (TargetTime is not null || BackupId is not null)
            ? Spectre.Console.ValidationResult.Error("give --latest, or --target-time and/or --backup-id")
            : Spectre.Console.ValidationResult.Success();
}
