using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CnpgDrTemporal.Activities.Recovery;

public static class RecoveryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the recovery activities over <see cref="RecoverySteps"/>, the composition of the
    /// GitOps, cluster and SQL concerns. Tests replace <see cref="IRecoverySteps"/> at this boundary.
    /// </summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<RecoveryPlanner>();
        services.TryAddTransient<IRecoverySteps, RecoverySteps>();
        services.AddScoped<RecoveryActivities>();
        return services;
    }
}
