using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CnpgDrTemporal.Activities.Recovery;

public static class RecoveryServiceCollectionExtensions
{
    /// <summary>Registers the planner and the recovery activities, also as <see cref="IRecoverySteps"/> for in-process runs.</summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<RecoveryPlanner>();
        services.AddScoped<RecoveryActivities>();
        services.TryAddScoped<IRecoverySteps>(sp => sp.GetRequiredService<RecoveryActivities>());
        return services;
    }
}
