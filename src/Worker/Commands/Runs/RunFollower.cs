using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Recovery;
using Spectre.Console;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>
/// Polls a run's status query until a condition holds or the run ends, showing every change: a live
/// redraw on a terminal, plain lines otherwise, nothing with <c>--json</c>.
/// </summary>
public sealed class RunFollower(CliContext cli, RecoveryRun run, TimeSpan interval, bool quiet)
{
    /// <summary>The last status and whether the run still runs, once <paramref name="until"/> holds or the run ended.</summary>
    public async Task<(RecoveryStatus Status, bool Running)> FollowAsync(Func<RecoveryStatus, bool> until, CancellationToken ct)
    {
        if (cli.Terminal && !quiet)
        {
            (RecoveryStatus, bool) last = default;
            await cli.Console.Live(new Text("asking the run...")).StartAsync(async ctx => last = await LoopAsync(until, s =>
            {
                ctx.UpdateTarget(RunViews.Status(s));
                ctx.Refresh();
            }, ct).ConfigureAwait(false)).ConfigureAwait(false);
            return last;
        }

        var plain = new PlainWatch();
        return await LoopAsync(until, s =>
        {
            if (!quiet)
            {
                foreach (var line in plain.Next(s))
                {
                    cli.Output.WriteLine(line);
                }
            }
        }, ct).ConfigureAwait(false);
    }

    private async Task<(RecoveryStatus, bool)> LoopAsync(Func<RecoveryStatus, bool> until, Action<RecoveryStatus> show, CancellationToken ct)
    {
        while (true)
        {
            var running = await run.RunningAsync(ct).ConfigureAwait(false);
            var status = running ? await run.TryStatusAsync(ct).ConfigureAwait(false) : await run.StatusAsync(ct).ConfigureAwait(false);
            if (status is not null)
            {
                show(status);
                if (!running || until(status))
                {
                    return (status, running);
                }
            }

            await Task.Delay(interval, ct).ConfigureAwait(false);
        }
    }
}
