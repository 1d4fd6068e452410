using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Tests.Worker;

public class StartupLineTests
{
    [Fact]
    public void The_start_up_line_names_server_namespace_queue_security_and_every_workflow()
    {
        var logger = new RecordingLogger();
        var temporal = new TemporalOptions { Address = "temporal:7233", Namespace = "dr", TaskQueue = "cnpg-dr-prod", ApiKeyEnvVar = "TEMPORAL_API_KEY" };
        StartupLine.Log(logger, temporal, "temporal:7233", WorkerRegistrations.Workflows);

        var line = Assert.Single(logger.Lines);
        Assert.Equal(
            "cnpg-dr worker: Temporal temporal:7233, namespace dr, task queue cnpg-dr-prod, TLS, API key from $TEMPORAL_API_KEY; "
            + "workflows RecoveryWorkflow, DrillWorkflow, RebuildWorkflow, RebuildDatabaseWorkflow, MigrateBackupsWorkflow",
            line);
    }

    [Fact]
    public void Json_console_logs_are_one_configuration_key_away()
    {
        var builder = DrHost.CreateBuilder(["--Logging:Console:FormatterName=json"]);
        using var services = builder.Services.BuildServiceProvider();
        Assert.Equal(ConsoleFormatterNames.Json, services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
