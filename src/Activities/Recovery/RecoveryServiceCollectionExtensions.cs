using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CnpgDrTemporal.Activities.Recovery;

public static class RecoveryServiceCollectionExtensions
{
    /// <summary>Registers the planner and the recovery activities.</summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<RecoveryPlanner>();
        services.AddScoped<RecoveryActivities>();
        return services;
    }
}
