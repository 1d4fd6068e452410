using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Temporalio.Runtime;

namespace CnpgDrTemporal.Worker.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>The per-database series on <paramref name="runtime"/>'s meter, refreshed in the background.</summary>
    public static IServiceCollection AddDrMetrics(this IServiceCollection services, IConfiguration configuration, TemporalRuntime runtime)
    {
        services.Configure<MetricsOptions>(configuration.GetSection(MetricsOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDrillHistory, TemporalDrillHistory>();
        services.AddSingleton(new CatalogGauges(runtime.MetricMeter));
        services.AddSingleton(sp => new CatalogMetrics(
            sp.GetRequiredService<StatusReader>(),
            sp.GetRequiredService<BackupCatalogReader>(),
            sp.GetRequiredService<IDrillHistory>(),
            sp.GetRequiredService<CatalogGauges>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CatalogMetrics>>()));
        services.AddHostedService<CatalogMetricsService>();
        return services;
    }
}
