using CnpgDrTemporal.Worker.Cli;
using Spectre.Console;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>
/// <c>watch &lt;db&gt;</c>: follows the recovery until it ends. Exit 0 recovered (or dry run),
/// 3 failed, aborted, rejected or timed out, 2 when the run cannot be read.
/// </summary>
public sealed class WatchCommand(CliContext cli) : DrCommand<PollingSettings>(cli)
{
    protected override async Task<int> RunAsync(PollingSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var run = await RecoveryRun.ConnectAsync(services, args.Db).ConfigureAwait(false);
        var (status, _) = await new RunFollower(Cli, run, args.PollInterval, args.Json).FollowAsync(_ => false, cancellationToken).ConfigureAwait(false);
        var end = await run.EndAsync(cancellationToken).ConfigureAwait(false);
        if (args.Json)
        {
            await Output.WriteLineAsync(Json.Serialize(new { end.Outcome, end.Reason, end.ExitCode, status })).ConfigureAwait(false);
        }
        else
        {
            var colour = end.ExitCode == ExitCodes.Ok ? "green" : "red";
            Cli.Console.MarkupLine($"[{colour} bold]{end.Outcome}[/]: {Markup.Escape(end.Reason)} (exit {end.ExitCode})");
        }

        return end.ExitCode;
    }
}
