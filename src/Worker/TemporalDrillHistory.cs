using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Activities.Status;
using CnpgDrTemporal.Workflows.Drills;
using Microsoft.Extensions.Configuration;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Runtime;

namespace CnpgDrTemporal.Worker;

/// <summary>The last closed drill of a database, from Temporal visibility and the workflow's result.</summary>
public sealed class TemporalDrillHistory(ITemporalClient client) : IDrillHistory
{
    /// <summary>
    /// The history from the Temporal of <c>Dr:Temporal</c> when it answers; otherwise none and why, so that
    /// the verbs that only read drills (status, metrics) go on without them.
    /// </summary>
    public static async Task<(IDrillHistory? History, string? Unavailable)> ConnectAsync(IConfiguration configuration, TemporalRuntime? runtime = null)
    {
        var temporal = configuration.GetSection(TemporalOptions.Section).Get<TemporalOptions>() ?? new TemporalOptions();
        try
        {
            return (new TemporalDrillHistory(await TemporalConnection.ConnectAsync(temporal, runtime).ConfigureAwait(false)), null);
        }
        catch (DrException e)
        {
            return (null, e.Message);
        }
    }

    public async Task<DrillSummary?> LastAsync(string database, CancellationToken ct)
    {
        try
        {
            await foreach (var run in client.ListWorkflowsAsync($"WorkflowId = '{DrillWorkflow.WorkflowId(database)}' AND ExecutionStatus != 'Running'", new WorkflowListOptions { Limit = 1 }))
            {
                if (run.Status != WorkflowExecutionStatus.Completed)
                {
                    return new DrillSummary(run.Status.ToString().ToLowerInvariant(), run.CloseTime ?? run.StartTime);
                }

                var report = await client.GetWorkflowHandle(run.Id, run.RunId).GetResultAsync<DrillReport>().ConfigureAwait(false);
                return new DrillSummary(report.Verdict, run.CloseTime ?? run.StartTime, report);
            }

            return null;
        }
        catch (Exception e) when (e is Temporalio.Exceptions.RpcException or InvalidOperationException)
        {
            throw new DrException($"drill history unavailable: {e.Message}", e);
        }
    }
}
