using System.Net;
using System.Net.Sockets;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Metrics;
using Microsoft.Extensions.Configuration;
using Temporalio.Runtime;

namespace CnpgDrTemporal.Worker.Metrics;

/// <summary>
/// The Temporal SDK runtime with its built-in Prometheus exporter: one endpoint serves the SDK's worker
/// and client metrics and, through <see cref="TemporalRuntime.MetricMeter"/>, the DR metrics.
/// </summary>
public static class MetricsRuntime
{
    public static MetricsOptions Options(IConfiguration configuration)
    {
        var options = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (options.Enabled && !IPEndPoint.TryParse(options.ListenAddress, out _))
        {
            throw new DrException($"Dr:Metrics:ListenAddress '{options.ListenAddress}' is not IP:port (e.g. 0.0.0.0:9464); leave it empty to serve no metrics");
        }

        if (options.CatalogInterval <= TimeSpan.Zero)
        {
            throw new DrException($"Dr:Metrics:CatalogInterval {options.CatalogInterval} must be positive (default 00:05:00)");
        }

        return options;
    }

    /// <summary>The runtime serving <c>http://ListenAddress/metrics</c>, or null when metrics are off (the SDK's default runtime then).</summary>
    public static TemporalRuntime? Create(MetricsOptions options)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var prometheus = new PrometheusOptions(options.ListenAddress)
        {
            UseSecondsForDuration = true,
            HistogramBucketOverrides = new Dictionary<string, IReadOnlyCollection<double>>(StringComparer.Ordinal)
            {
                [MetricNames.StepDuration] = [.. MetricNames.StepDurationBuckets],
            },
        };
        try
        {
            return new TemporalRuntime(new TemporalRuntimeOptions(new TelemetryOptions { Metrics = new Temporalio.Runtime.MetricsOptions(prometheus) }));
        }
        catch (InvalidOperationException e)
        {
            throw new DrException($"cannot serve metrics on {options.ListenAddress} (Dr:Metrics:ListenAddress): {e.Message}", e);
        }
    }

    /// <summary>A free port on the loopback interface, for an endpoint read back by this process only.</summary>
    public static string FreeLoopbackAddress()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return $"127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
    }
}
