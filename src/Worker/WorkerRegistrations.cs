using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Cluster;
using Temporalio.Extensions.Hosting;

namespace CnpgDrTemporal.Worker;

/// <summary>The workflows and activities this worker hosts.</summary>
public static class WorkerRegistrations
{
    public static ITemporalWorkerServiceOptionsBuilder AddDrWorkerRegistrations(this ITemporalWorkerServiceOptionsBuilder builder) =>
        builder
            .AddScopedActivities<BackupActivities>()
            .AddScopedActivities<ClusterActivities>();
}
