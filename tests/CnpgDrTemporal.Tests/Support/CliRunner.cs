using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Tests.Support;

/// <summary>Runs a verb in-process, as `dotnet run --project src/Worker -- ...` would (the worker itself is never started).</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IDictionary<string, string?> settings, params string[] args) =>
        await RunAsync(settings, null, args);

    public static async Task<Result> RunAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? overrides, params string[] args) =>
        await RunAsync(settings, overrides, TextReader.Null, args);

    /// <summary>With <paramref name="input"/> as what the operator types.</summary>
    public static async Task<Result> RunAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? overrides, TextReader input, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var cli = new CliContext(CliContext.PlainConsole(output), error, input) { Settings = settings, Overrides = overrides };
        var code = await CliApp.MainAsync(args, cli, _ => throw new InvalidOperationException("a test started the worker: " + string.Join(' ', args)));
        return new Result(code, output.ToString(), error.ToString());
    }
}
