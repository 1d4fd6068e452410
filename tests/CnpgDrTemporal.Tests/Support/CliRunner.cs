using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Worker.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Tests.Support;

/// <summary>Runs a worker verb in-process, as `dotnet run --project src/Worker -- ...` would.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IDictionary<string, string?> settings, params string[] args) =>
        await RunAsync(settings, null, args);

    public static async Task<Result> RunAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? overrides, params string[] args)
    {
        var command = CliCommands.Find(args[0]) ?? throw new ArgumentException("unknown verb " + args[0]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliHost.RunAsync(command, args[1..], output, error, overrides, settings);
        return new Result(code, output.ToString(), error.ToString());
    }
}
