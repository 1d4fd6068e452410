using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CnpgDrTemporal.Activities.Rebuild;

public static class RebuildServiceCollectionExtensions
{
    /// <summary>The rebuild's plan and push over the catalog, GitOps and cluster concerns (no options of its own).</summary>
    public static IServiceCollection AddRebuild(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<RebuildPlanner>();
        services.AddScoped<RebuildActivities>();
        return services;
    }
}
