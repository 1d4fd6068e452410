using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Worker.Hosting;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The probe endpoints; registered after the Temporal worker so readiness sees it.</summary>
    public static IServiceCollection AddWorkerHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HealthOptions>(configuration.GetSection(HealthOptions.Section));
        services.AddSingleton<WorkerReadiness>();
        services.AddHostedService<HealthEndpoints>();
        return services;
    }
}
