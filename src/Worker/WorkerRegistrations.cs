using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Drills;
using CnpgDrTemporal.Workflows.Migration;
using CnpgDrTemporal.Workflows.Rebuild;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Extensions.Hosting;

namespace CnpgDrTemporal.Worker;

/// <summary>
/// The workflows and activities this worker hosts, and the payload JSON they speak. Exactly the
/// activities the workflows call are registered (a test compares the two lists): the services behind
/// them are not activities, so no workflow on the task queue can call a destructive helper directly.
/// </summary>
public static class WorkerRegistrations
{
    /// <summary>Every workflow this worker hosts: the worker registers these, and the history replay test
    /// replays recorded histories against exactly these (a workflow added here is covered by both).</summary>
    public static IReadOnlyList<Type> Workflows { get; } =
    [
        typeof(RecoveryWorkflow),
        typeof(DrillWorkflow),
        typeof(RebuildWorkflow),
        typeof(RebuildDatabaseWorkflow),
        typeof(MigrateBackupsWorkflow),
    ];

    /// <param name="recoveryActivities">Hosted instead of <see cref="RecoveryActivities"/>: a test's scripted
    /// steps, registered under the same activity names.</param>
    public static ITemporalWorkerServiceOptionsBuilder AddDrWorkerRegistrations(this ITemporalWorkerServiceOptionsBuilder builder, object? recoveryActivities = null)
    {
        builder.ConfigureOptions(o =>
        {
            if (o.ClientOptions is { } client)
            {
                client.DataConverter = DrDataConverter.Instance;
            }
        });
        foreach (var workflow in Workflows)
        {
            builder.AddWorkflow(workflow);
        }

        builder
            .AddScopedActivities<DrillActivities>()
            .AddScopedActivities<NotifyActivities>()
            .AddScopedActivities<RebuildActivities>()
            .AddScopedActivities<MigrationActivities>();
        return recoveryActivities is null
            ? builder.AddScopedActivities<RecoveryActivities>()
            : builder.AddActivitiesInstance(recoveryActivities.GetType(), recoveryActivities);
    }
}
