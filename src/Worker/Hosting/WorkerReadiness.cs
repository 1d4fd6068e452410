using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;

namespace CnpgDrTemporal.Worker.Hosting;

/// <summary>
/// Ready = the host has started and is not stopping, the hosted Temporal worker (every background service)
/// is still running, and the Temporal server answers a health check.
/// </summary>
/// <remarks>The hosted services are looked up per check: the health endpoint is one of them (no cycle).</remarks>
public sealed class WorkerReadiness(IHostApplicationLifetime lifetime, IServiceProvider services, ITemporalClient client)
{
    /// <summary>A probe must answer well within the kubelet's timeout (1 s by default, 5 s in deploy/).</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Null when ready; else why not, for the probe's body.</summary>
    public async Task<string?> NotReadyReasonAsync(CancellationToken ct)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return "starting";
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "stopping";
        }

        // The hosted Temporal worker is a BackgroundService: its ExecuteTask ends only when polling fails or stops.
        var workers = services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        if (workers.Count == 0 || workers.Any(w => w.ExecuteTask is null or { IsCompleted: true }))
        {
            return "the Temporal worker is not running";
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(CheckTimeout);
            var healthy = await client.Connection.CheckHealthAsync(options: new RpcOptions { CancellationToken = timeout.Token }).ConfigureAwait(false);
            return healthy ? null : "the Temporal server reports not serving";
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return $"the Temporal server does not answer its health check ({e.GetType().Name})";
        }
    }
}
