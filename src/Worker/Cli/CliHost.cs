using CnpgDrTemporal.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Worker.Cli;

/// <summary>Runs one verb inside the same configuration and DI container as the worker.</summary>
public static class CliHost
{
    public static async Task<int> RunAsync(ICliCommand command, string[] args, TextWriter output, TextWriter error, Action<IServiceCollection>? overrides = null, IDictionary<string, string?>? settings = null)
    {
        var builder = DrHost.CreateBuilder([]);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // Logs go to stderr at Warning so that stdout stays a clean table or JSON document.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        overrides?.Invoke(builder.Services);
        using var host = builder.Build();
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var parsed = CommandLine.Parse(args, SwitchesOf(command));
            return await command.RunAsync(parsed, host.Services, output, cts.Token).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}\nusage: {command.Usage}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (DrException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static string[] SwitchesOf(ICliCommand command) =>
        command is IHasSwitches s ? s.Switches : ["json"];
}

/// <summary>A verb whose flags without values differ from the default <c>--json</c>.</summary>
public interface IHasSwitches
{
    string[] Switches { get; }
}
