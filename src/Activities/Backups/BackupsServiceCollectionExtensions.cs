using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Activities.Backups;

public static class BackupsServiceCollectionExtensions
{
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<S3Options>(configuration.GetSection(S3Options.Section));
        services.AddSingleton<BucketReaderFactory>();
        services.AddTransient<BackupCatalogReader>();
        services.AddTransient<TargetChecker>();
        return services;
    }
}
