using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Activities.Recovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Activities;

/// <summary>Binds every <c>Dr:*</c> section and registers each concern's services.</summary>
public static class DrServiceCollectionExtensions
{
    public static IServiceCollection AddDrActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBackups(configuration);
        services.AddData(configuration);
        services.AddDrills(configuration);
        services.AddTransient<Status.StatusReader>();
        services.AddNotify(configuration);
        services.AddRecovery(configuration);
        services.AddRebuild(configuration);
        services.AddMigration(configuration);
        services.AddGitOps(configuration);
        services.AddKubernetes(configuration);
        return services;
    }
}
