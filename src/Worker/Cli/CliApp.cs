using System.Reflection;
using CnpgDrTemporal.Worker.Commands;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Cli;

/// <summary>
/// The <c>cnpg-dr</c> command line: <c>--version</c>; a verb (parsed by Spectre.Console.Cli);
/// nothing or only options: the worker. An unknown verb never starts the worker.
/// </summary>
public static class CliApp
{
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Decides what <paramref name="args"/> ask for; <paramref name="worker"/> runs the worker with its arguments.</summary>
    public static async Task<int> MainAsync(string[] args, CliContext cli, Func<string[], Task<int>> worker, CancellationToken cancellationToken = default)
    {
        if (args is ["--version"])
        {
            await cli.Output.WriteLineAsync($"cnpg-dr {Version}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("--help" or "-h")))
        {
            return await worker(WorkerArgs(args)).ConfigureAwait(false);
        }

        if (args[0] == "help")
        {
            args = [.. args[1..], "--help"];
        }

        if (args[0] is not ("--help" or "-h") && CliCommands.Find(args[0]) is null)
        {
            var width = CliCommands.All.Max(c => c.Name.Length);
            await cli.Error.WriteLineAsync($"error: unknown verb '{args[0]}'. Verbs:\n{string.Join('\n', CliCommands.All.Select(v => $"  {v.Name.PadRight(width)}  {v.Description}"))}\nno verb: run the Temporal worker; cnpg-dr <verb> --help for a verb's options").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        return await RunVerbAsync(args, cli, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a verb (or the help); a wrong command line is one error line and exit code 2.</summary>
    public static async Task<int> RunVerbAsync(string[] args, CliContext cli, CancellationToken cancellationToken = default)
    {
        var services = new ServiceCollection();
        services.AddSingleton(cli);
        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("cnpg-dr");
            config.ConfigureConsole(cli.Console);
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.ValidateExamples();
            CliCommands.Configure(config);
        });
        // Ctrl-C cancels the verb (a recovery it started keeps running); the worker stops through its host instead.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await app.RunAsync(args, cancel.Token).ConfigureAwait(false);
        }
        catch (CommandAppException e)
        {
            var verb = args.Length > 0 && CliCommands.Find(args[0]) is { } v ? v.Name + " " : string.Empty;
            await cli.Error.WriteLineAsync($"error: {e.Message}\nusage: cnpg-dr {verb}--help").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The worker's own options as configuration keys, then everything else as the host reads it.</summary>
    public static string[] WorkerArgs(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dev-server":
                    result.Add("--Dr:Temporal:DevServer=true");
                    break;
                case "--context" when i + 1 < args.Length:
                    result.Add($"--{KubeSettings.ContextKey}={args[++i]}");
                    break;
                default:
                    result.Add(args[i]);
                    break;
            }
        }

        return [.. result];
    }
}
