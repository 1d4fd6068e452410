using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Activities.Recovery;

public static class RecoveryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the recovery activities. <see cref="IRecoverySteps"/> is deliberately not registered
    /// here: it is provided by the composition of the GitOps, cluster and SQL concerns. The plan
    /// step checks <see cref="ProtectedDatabases.RefusalFor(string, IConfiguration)"/>.
    /// </summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<RecoveryActivities>();
        return services;
    }
}
