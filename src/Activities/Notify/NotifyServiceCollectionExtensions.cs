using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Activities.Notify;

public static class NotifyServiceCollectionExtensions
{
    public static IServiceCollection AddNotify(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotifyOptions>(configuration.GetSection(NotifyOptions.Section));
        services.AddSingleton<WebhookNotifier>();
        services.AddScoped<NotifyActivities>();
        return services;
    }
}
