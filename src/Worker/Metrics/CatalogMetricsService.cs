using CnpgDrTemporal.Activities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Worker.Metrics;

/// <summary>Refreshes the per-database series at start, then every <c>Dr:Metrics:CatalogInterval</c>.</summary>
public sealed class CatalogMetricsService(CatalogMetrics metrics, IOptions<MetricsOptions> options, TimeProvider clock, ILogger<CatalogMetricsService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The git clone of a refresh is synchronous: let the host (and the Temporal worker) start first.
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.CatalogInterval, clock);
        do
        {
            try
            {
                var read = await metrics.RefreshAsync(stoppingToken).ConfigureAwait(false);
                logger.LogInformation("metrics: {Read} catalog(s) read; next refresh in {Interval}", read, options.Value.CatalogInterval);
            }
            catch (DrException e)
            {
                // The GitOps repo itself did not answer: keep the series, try again next interval.
                logger.LogWarning("metrics: refresh failed: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
