using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>The Kubernetes client and the helpers that act through it: Argo CD, CNPG, consumers.</summary>
public static class KubernetesServiceCollectionExtensions
{
    public static IServiceCollection AddKubernetes(this IServiceCollection services, IConfiguration configuration)
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
        services.AddTransient<LineageProver>();
        services.AddTransient<ConsumerRestart>();
        services.AddTransient<ISecretReader, KubernetesSecretReader>();
        return services;
    }
}
