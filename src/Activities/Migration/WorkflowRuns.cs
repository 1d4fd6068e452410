using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Migration;

/// <summary>The workflow IDs that make one run per database and kind, and keep a recovery and a migration of the same database apart.</summary>
public static class DrWorkflowIds
{
    public const string RecoveryPrefix = "cnpg-dr-";
    public const string MigrationPrefix = "cnpg-dr-migrate-";

    public static string Recovery(string database) => RecoveryPrefix + database;

    public static string Migration(string database) => MigrationPrefix + database;
}

/// <summary>Whether a workflow is running now (the other runbook of the same database).</summary>
public interface IWorkflowRuns
{
    /// <summary>True while <paramref name="workflowId"/> runs; null when no Temporal client is at hand (a CLI verb).</summary>
    Task<bool?> IsRunningAsync(string workflowId, CancellationToken ct);
}

/// <summary>Asks the Temporal server through the worker's client.</summary>
public sealed class TemporalWorkflowRuns(IServiceProvider services) : IWorkflowRuns
{
    public async Task<bool?> IsRunningAsync(string workflowId, CancellationToken ct)
    {
        if (services.GetService<ITemporalClient>() is not { } client)
        {
            return null;
        }

        try
        {
            var run = await client.GetWorkflowHandle(workflowId).DescribeAsync(new() { Rpc = new() { CancellationToken = ct } }).ConfigureAwait(false);
            return run.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return false;
        }
    }
}
