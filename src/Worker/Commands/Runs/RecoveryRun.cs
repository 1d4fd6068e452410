using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows.Recovery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>
/// The recovery of one database on Temporal (workflow ID <c>cnpg-dr-&lt;db&gt;</c>): its status
/// query, whether it still runs, and how it ended, with Temporal's errors turned into one clear line.
/// </summary>
public sealed class RecoveryRun(ITemporalClient client, TemporalOptions temporal, string database)
{
    public ITemporalClient Client { get; } = client;

    public TemporalOptions Temporal { get; } = temporal;

    public string Database { get; } = database;

    /// <summary>The activity type name of the plan step (see <c>RecoveryActivities</c>).</summary>
    public const string PlanActivity = "RecoveryPlan";

    public string WorkflowId => RecoveryInput.WorkflowIdFor(Database);

    public WorkflowHandle<RecoveryWorkflow, RecoveryResult> Handle => Client.GetWorkflowHandle<RecoveryWorkflow, RecoveryResult>(WorkflowId);

    public static TemporalOptions OptionsOf(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>().GetSection(TemporalOptions.Section).Get<TemporalOptions>() ?? new TemporalOptions();

    public static async Task<RecoveryRun> ConnectAsync(IServiceProvider services, string database)
    {
        var temporal = OptionsOf(services);
        return new RecoveryRun(await TemporalConnection.ConnectAsync(temporal).ConfigureAwait(false), temporal, database);
    }

    public async Task<RecoveryStatus> StatusAsync(CancellationToken ct) =>
        await Rpc(() => Handle.QueryAsync(wf => wf.Status, new WorkflowQueryOptions { Rpc = new RpcOptions { CancellationToken = ct } })).ConfigureAwait(false);

    /// <summary>The status, or null while the run cannot answer yet (a query before its first workflow task completed).</summary>
    public async Task<RecoveryStatus?> TryStatusAsync(CancellationToken ct)
    {
        try
        {
            return await StatusAsync(ct).ConfigureAwait(false);
        }
        catch (DrException e) when (e.InnerException is RpcException { Code: RpcException.StatusCode.FailedPrecondition })
        {
            return null;
        }
    }

    public async Task<bool> RunningAsync(CancellationToken ct) =>
        (await Rpc(() => Handle.DescribeAsync(new WorkflowDescribeOptions { Rpc = new RpcOptions { CancellationToken = ct } })).ConfigureAwait(false)).Status == WorkflowExecutionStatus.Running;

    /// <summary>
    /// The run's latest plan, read from the <c>RecoveryPlan</c> activity's result in the history (the
    /// status query carries only its summary): backup, target, lineages, what it deletes, findings.
    /// </summary>
    public async Task<RecoveryPlan?> PlanAsync(CancellationToken ct)
    {
        var history = await Rpc(() => Handle.FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = new RpcOptions { CancellationToken = ct } })).ConfigureAwait(false);
        var planCalls = history.Events
            .Where(e => e.ActivityTaskScheduledEventAttributes?.ActivityType?.Name == PlanActivity)
            .Select(e => e.EventId)
            .ToHashSet();
        var result = history.Events.LastOrDefault(e => e.ActivityTaskCompletedEventAttributes is { } done && planCalls.Contains(done.ScheduledEventId));
        return result is null
            ? null
            : await Client.Options.DataConverter.ToSingleValueAsync<RecoveryPlan>(result.ActivityTaskCompletedEventAttributes.Result.Payloads_).ConfigureAwait(false);
    }

    /// <summary>How the run ended, as the console reports it: 0 recovered or dry run, 3 anything else.</summary>
    public async Task<RunEnd> EndAsync(CancellationToken ct)
    {
        try
        {
            var result = await Handle.GetResultAsync(rpcOptions: new RpcOptions { CancellationToken = ct }).ConfigureAwait(false);
            var ok = result.Outcome is RecoveryOutcome.Recovered or RecoveryOutcome.DryRun;
            return new RunEnd(ok ? Cli.ExitCodes.Ok : Cli.ExitCodes.CheckRefused, result.Outcome.ToString(), result.Reason, result);
        }
        catch (WorkflowFailedException e)
        {
            return new RunEnd(Cli.ExitCodes.CheckRefused, "Failed", e.InnerException?.Message ?? e.Message, null);
        }
    }

    /// <summary>Runs a Temporal call; a missing workflow or an unreachable server becomes a <see cref="DrException"/>.</summary>
    public async Task<T> Rpc<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new DrException($"no recovery of {Database}: workflow {WorkflowId} not found in namespace {Temporal.Namespace} (start one with cnpg-dr recover {Database})", e);
        }
        catch (RpcException e)
        {
            throw new DrException($"Temporal at {TemporalConnection.AddressOf(Temporal)} refused {WorkflowId}: {e.Message}", e);
        }
        catch (WorkflowQueryFailedException e)
        {
            throw new DrException($"the status query of {WorkflowId} failed: {e.Message}", e);
        }
    }
}

/// <summary>The end of a run: exit code, outcome word, reason, and the result when it did not fail.</summary>
public sealed record RunEnd(int ExitCode, string Outcome, string Reason, RecoveryResult? Result);
