using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CnpgDrTemporal.Activities.Migration;

public static class MigrationServiceCollectionExtensions
{
    /// <summary>The migration's plan, S3 proof and activities; <c>Dr:Migration</c> bounds the S3 wait.</summary>
    public static IServiceCollection AddMigration(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MigrationOptions>(configuration.GetSection(MigrationOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWorkflowRuns, TemporalWorkflowRuns>();
        services.AddTransient<MigrationPlanner>();
        services.AddTransient<ArchiveProver>();
        services.AddTransient<MigrationPreview>();
        services.AddScoped<MigrationActivities>();
        return services;
    }
}
