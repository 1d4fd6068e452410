using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Worker.Hosting;
using CnpgDrTemporal.Worker.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;
using Temporalio.Runtime;
using Temporalio.Testing;

namespace CnpgDrTemporal.Worker;

/// <summary>
/// The worker's main job: a hosted Temporal worker on the <c>Dr:Temporal</c> task queue, against
/// <c>Dr:Temporal:Address</c> or, when that is empty (or <c>Dr:Temporal:DevServer</c>), an embedded local
/// dev server it starts itself - refused inside a pod, where a restart would lose it.
/// </summary>
public static class WorkerHost
{
    /// <param name="runtime">The Temporal runtime carrying telemetry (metrics); null = the SDK's default.</param>
    public static async Task<int> RunAsync(string[] args, TemporalRuntime? runtime = null)
    {
        var builder = DrHost.CreateBuilder(args);
        var temporal = builder.Configuration.GetSection(TemporalOptions.Section).Get<TemporalOptions>() ?? new TemporalOptions();
        WorkflowEnvironment? local = null;
        try
        {
            if (PodGuard.RefusalReason(temporal, Environment.GetEnvironmentVariable) is { } refusal)
            {
                throw new DrException(refusal);
            }

            WorkerTuning.Validate(temporal);

            // One runtime, one /metrics endpoint: the SDK's metrics and the DR series (Dr:Metrics).
            var metrics = MetricsRuntime.Options(builder.Configuration);
            runtime ??= MetricsRuntime.Create(metrics);
            ITemporalClient client;
            if (PodGuard.UsesDevServer(temporal))
            {
                local = await LocalDevServer.StartAsync(temporal, runtime).ConfigureAwait(false);
                client = local.Client;
                Console.WriteLine(LocalDevServer.Banner(temporal, client.Connection.Options.TargetHost!));
            }
            else
            {
                client = await TemporalConnection.ConnectAsync(temporal, runtime).ConfigureAwait(false);
            }

            builder.Services.AddSingleton(client);
            // The host waits for the worker's graceful shutdown instead of its default 30 s.
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = temporal.GracefulShutdown + WorkerTuning.HostStopMargin);
            if (runtime is not null)
            {
                builder.Services.AddDrMetrics(builder.Configuration, runtime);
            }

            builder.Services
                .AddHostedTemporalWorker(temporal.TaskQueue)
                .ConfigureOptions(o => WorkerTuning.Apply(temporal, o))
                .AddDrWorkerRegistrations();
            builder.Services.AddWorkerHealth(builder.Configuration);
            using var host = builder.Build();
            StartupLine.Log(
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CnpgDrTemporal.Worker"),
                temporal,
                client.Connection.Options.TargetHost ?? TemporalConnection.AddressOf(temporal),
                WorkerRegistrations.Workflows);
            await host.RunAsync().ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (DrException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        finally
        {
            if (local is not null)
            {
                await local.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
