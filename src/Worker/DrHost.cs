using CnpgDrTemporal.Activities;
using Microsoft.Extensions.Hosting;

namespace CnpgDrTemporal.Worker;

/// <summary>The Generic Host every entry point shares: appsettings.json, environment, Dr:* options.</summary>
public static class DrHost
{
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddDrActivities(builder.Configuration);
        return builder;
    }
}
