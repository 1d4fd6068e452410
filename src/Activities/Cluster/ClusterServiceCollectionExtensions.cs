using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Activities.Cluster;

public static class ClusterServiceCollectionExtensions
{
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KubernetesOptions>(configuration.GetSection(KubernetesOptions.Section));
        services.AddSingleton<KubernetesClientFactory>();
        services.AddSingleton<KubeApi>();
        services.AddTransient<Preflight>();
        services.AddTransient<ArgoRefresh>();
        services.AddTransient<ClusterDelete>();
        services.AddTransient<PvcWait>();
        services.AddTransient<PvcFinalizers>();
        services.AddTransient<ArgoSync>();
        services.AddTransient<RecoveryWatch>();
        services.AddTransient<LineageProof>();
        services.AddTransient<ConsumerRestart>();
        services.AddTransient<ISecretReader, KubernetesSecretReader>();
        services.AddScoped<ClusterActivities>();
        return services;
    }
}
