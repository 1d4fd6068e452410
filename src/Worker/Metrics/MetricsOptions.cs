namespace CnpgDrTemporal.Worker.Metrics;

/// <summary><c>Dr:Metrics</c>: where the worker serves <c>/metrics</c> and how often it reads the catalogs behind it.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Dr:Metrics";

    /// <summary>IP:port of the Prometheus endpoint (Temporal SDK metrics and ours); empty disables it.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0:9464";

    /// <summary>How often the per-database series are refreshed; a catalog costs about 30 S3 requests.</summary>
    public TimeSpan CatalogInterval { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(ListenAddress);
}
