using CnpgDrTemporal.Activities.Drills;
using Temporalio.Common;
using Temporalio.Workflows;

namespace CnpgDrTemporal.Workflows.Drills;

/// <summary>
/// A quarterly drill: restore, validate, report. Non-destructive, so no approvals. Workflow ID
/// <c>cnpg-dr-drill-&lt;db&gt;</c>; its result is the <see cref="DrillReport"/>, also posted to the webhook.
/// </summary>
[Workflow]
public sealed class DrillWorkflow
{
    [WorkflowRun]
    public async Task<DrillReport> RunAsync(DrillInput input)
    {
        var report = input.Mode switch
        {
            DrillMode.Local => await Workflow.ExecuteActivityAsync((DrillActivities a) => a.RunLocalDrillAsync(input), Restore).ConfigureAwait(true),
            _ => await Workflow.ExecuteActivityAsync((DrillActivities a) => a.RunClusterDrillAsync(input), Restore).ConfigureAwait(true),
        };
        await Workflow.ExecuteActivityAsync((DrillActivities a) => a.PostDrillReportAsync(report), Notify).ConfigureAwait(true);
        return report;
    }

    public static string WorkflowId(string database) => $"cnpg-dr-drill-{database}";

    private static readonly ActivityOptions Restore = new()
    {
        StartToCloseTimeout = TimeSpan.FromHours(6),

        // A workflow cannot read the worker's settings: the drill activities heartbeat in every step
        // (catalog read, base backup download, WAL replay, recovery watch, validation, cleanup) every
        // Dr:Kubernetes:HeartbeatInterval, 10 s by default, well below these 2 minutes. Raising that
        // setting towards 2 minutes makes every long drill time out.
        HeartbeatTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = new RetryPolicy { MaximumAttempts = 2, InitialInterval = TimeSpan.FromMinutes(1) },
    };

    private static readonly ActivityOptions Notify = new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(1),
        RetryPolicy = new RetryPolicy { MaximumAttempts = 3 },
    };
}
