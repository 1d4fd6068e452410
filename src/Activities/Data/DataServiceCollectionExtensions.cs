using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Activities.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LocalRestoreOptions>(configuration.GetSection(LocalRestoreOptions.Section));
        services.AddSingleton<DataSettings>();
        services.AddTransient<DatabaseConnector>();
        services.AddTransient<LocalRestorer>();
        services.AddTransient<DataProof>();
        return services;
    }
}
