using CnpgDrTemporal.Activities.GitOps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CnpgDrTemporal.Activities.Git;

public static class GitServiceCollectionExtensions
{
    public static IServiceCollection AddGitOps(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GitOpsOptions>(configuration.GetSection(GitOpsOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<GitRemote>();
        services.AddTransient<KustomizeRenderer>();
        services.AddTransient<GitOpsPlanner>();
        services.AddTransient<GitPusher>();
        services.AddTransient<GitOps.Migration.PluginMigrationPlanner>();
        services.AddTransient<GitOpsRepo>();
        services.AddTransient<CurrentWriteLineage>();
        return services;
    }
}
