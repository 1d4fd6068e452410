using CnpgDrTemporal.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Extensions.Hosting;

namespace CnpgDrTemporal.Worker;

/// <summary>The worker's main job: a hosted Temporal worker on the <c>Dr:Temporal</c> task queue.</summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = DrHost.CreateBuilder(args);
        var temporal = builder.Configuration.GetSection(TemporalOptions.Section).Get<TemporalOptions>() ?? new TemporalOptions();
        builder.Services
            .AddHostedTemporalWorker(temporal.Address ?? "localhost:7233", temporal.Namespace, temporal.TaskQueue)
            .AddDrWorkerRegistrations();
        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
