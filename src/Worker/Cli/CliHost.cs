using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Worker.Cli;

/// <summary>The same configuration and DI container as the worker, for one verb.</summary>
public static class CliHost
{
    public static IHost Build(CliContext cli, IEnumerable<KeyValuePair<string, string?>> fromOptions)
    {
        var builder = DrHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(cli.Settings);
        builder.Configuration.AddInMemoryCollection(fromOptions);

        // Logs go to stderr at Warning so that stdout stays a clean table or JSON document.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        cli.Overrides?.Invoke(builder.Services);
        return builder.Build();
    }
}
