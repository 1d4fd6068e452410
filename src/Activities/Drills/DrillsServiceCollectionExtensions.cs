using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CnpgDrTemporal.Activities.Drills;

public static class DrillsServiceCollectionExtensions
{
    public static IServiceCollection AddDrills(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<LocalDrill>();
        services.AddScoped<DrillActivities>();
        return services;
    }
}
