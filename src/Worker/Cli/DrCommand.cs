using CnpgDrTemporal.Activities;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Cli;

/// <summary>
/// Base of every verb: builds the worker's host for the verb's configuration, runs it, and turns a
/// wrong command line or a <see cref="DrException"/> into one <c>error:</c> line and exit code 2.
/// </summary>
public abstract class DrCommand<TSettings>(CliContext cli) : AsyncCommand<TSettings>
    where TSettings : DrSettings
{
    protected CliContext Cli { get; } = cli;

    protected TextWriter Output => Cli.Output;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var host = CliHost.Build(Cli, settings.Configuration());
            return await RunAsync(settings, host.Services, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await Cli.Error.WriteLineAsync($"error: {e.Message}\nusage: cnpg-dr {context.Name} --help").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (DrException e)
        {
            await Cli.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (OperationCanceledException)
        {
            await Cli.Error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }

    protected abstract Task<int> RunAsync(TSettings settings, IServiceProvider services, CancellationToken cancellationToken);
}
