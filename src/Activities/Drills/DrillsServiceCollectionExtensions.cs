using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CnpgDrTemporal.Activities.Drills;

public static class DrillsServiceCollectionExtensions
{
    public static IServiceCollection AddDrills(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<ClusterDrillOptions>(configuration.GetSection(ClusterDrillOptions.Section));
        services.AddTransient<LocalDrill>();
        services.AddTransient<ClusterDrill>();
        services.AddScoped<DrillActivities>();
        return services;
    }
}
