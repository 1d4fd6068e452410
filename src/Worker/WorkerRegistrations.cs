using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Drills;
using CnpgDrTemporal.Workflows.Rebuild;
using CnpgDrTemporal.Workflows.Recovery;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Cluster;
using Temporalio.Extensions.Hosting;

namespace CnpgDrTemporal.Worker;

/// <summary>The workflows and activities this worker hosts, and the payload JSON they speak.</summary>
public static class WorkerRegistrations
{
    public static ITemporalWorkerServiceOptionsBuilder AddDrWorkerRegistrations(this ITemporalWorkerServiceOptionsBuilder builder) =>
        builder
            .ConfigureOptions(o =>
            {
                if (o.ClientOptions is { } client)
                {
                    client.DataConverter = DrDataConverter.Instance;
                }
            })
            .AddWorkflow<RecoveryWorkflow>()
            .AddWorkflow<DrillWorkflow>()
            .AddWorkflow<RebuildWorkflow>()
            .AddWorkflow<RebuildDatabaseWorkflow>()
            .AddScopedActivities<BackupActivities>()
            .AddScopedActivities<GitOpsActivities>()
            .AddScopedActivities<ClusterActivities>()
            .AddScopedActivities<DataActivities>()
            .AddScopedActivities<DrillActivities>()
            .AddScopedActivities<RecoveryActivities>()
            .AddScopedActivities<RebuildActivities>();
}
