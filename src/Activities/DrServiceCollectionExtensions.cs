using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Activities;

/// <summary>Binds every <c>Dr:*</c> section and registers each concern's services.</summary>
public static class DrServiceCollectionExtensions
{
    public static IServiceCollection AddDrActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBackups(configuration);
        services.AddCluster(configuration);
        return services;
    }
}
