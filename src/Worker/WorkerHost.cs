using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Worker.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;
using Temporalio.Testing;

namespace CnpgDrTemporal.Worker;

/// <summary>
/// The worker's main job: a hosted Temporal worker on the <c>Dr:Temporal</c> task queue, against
/// <c>Dr:Temporal:Address</c> or, when that is empty, an embedded local dev server it starts itself.
/// </summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = DrHost.CreateBuilder(args);
        var temporal = builder.Configuration.GetSection(TemporalOptions.Section).Get<TemporalOptions>() ?? new TemporalOptions();
        WorkflowEnvironment? local = null;
        try
        {
            // One runtime, one /metrics endpoint: the SDK's metrics and the DR series (Dr:Metrics).
            var metrics = MetricsRuntime.Options(builder.Configuration);
            var runtime = MetricsRuntime.Create(metrics);
            ITemporalClient client;
            if (string.IsNullOrWhiteSpace(temporal.Address))
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
            if (runtime is not null)
            {
                builder.Services.AddDrMetrics(builder.Configuration, runtime);
            }

            builder.Services
                .AddHostedTemporalWorker(temporal.TaskQueue)
                .AddDrWorkerRegistrations();
            using var host = builder.Build();
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
