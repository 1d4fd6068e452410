using System.Text.Json;
using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Tests.Workflows.Fakes;

/// <summary>One step call of a run as a history holds it: the request and the result (or failure) as JSON payloads.</summary>
public sealed record StepEvent(string Step, string Request, string? Result, string? FailureType = null, string? FailureMessage = null);

/// <summary>A signal or update the run received, in order.</summary>
public sealed record SignalEvent(string Kind, Approval? Approval = null, RetargetRequest? Retarget = null, StopRequest? Stop = null, RetryRequest? Retry = null);

/// <summary>What Temporal's history keeps of a run, in miniature: step results and signals, through JSON.</summary>
public sealed record RunHistory(IReadOnlyList<StepEvent> Steps, IReadOnlyList<SignalEvent> Signals)
{
    public string ToJson() => JsonSerializer.Serialize(this, DrDataConverter.JsonOptions);

    public static RunHistory FromJson(string json) => JsonSerializer.Deserialize<RunHistory>(json, DrDataConverter.JsonOptions)!;
}

/// <summary>
/// Records every step call of a run; over a recorded <see cref="RunHistory"/> it answers from the history
/// first, the way a Temporal worker replays a workflow, and fails on nondeterminism: a runbook that asks for
/// another step, or the same step with another request, than the history holds. Past the history's end
/// the calls go to the live steps.
/// </summary>
public sealed class HistorySteps(IRecoverySteps live, RunHistory? replay = null) : IRecoverySteps
{
    private readonly List<StepEvent> steps = [];
    private readonly List<SignalEvent> signals = [];
    private int cursor;

    public RunHistory History => new([.. steps], [.. signals]);

    /// <summary>The signals of the replayed history, to deliver again in order.</summary>
    public IReadOnlyList<SignalEvent> ReplayedSignals => replay?.Signals ?? [];

    public void RecordSignal(SignalEvent signal) => signals.Add(signal);

    public Task<RecoveryPlan> PlanAsync(PlanRequest request, StepContext step) => CallAsync(RunbookSteps.Plan, request, () => live.PlanAsync(request, step));

    public Task<PushResult> PushAsync(PushRequest request, StepContext step) => CallAsync(RunbookSteps.Push, request, () => live.PushAsync(request, step));

    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, StepContext step) => CallAsync(RunbookSteps.HardRefresh, request, () => live.HardRefreshAsync(request, step));

    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, StepContext step) => CallAsync(RunbookSteps.Delete, request, () => live.DeleteClusterAsync(request, step));

    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, StepContext step) => CallAsync(RunbookSteps.WaitPvcsGone, request, () => live.WaitPvcsGoneAsync(request, step));

    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, StepContext step) => CallAsync(RunbookSteps.RemoveFinalizers, request, () => live.RemovePvcFinalizersAsync(request, step));

    public Task<SyncResult> SyncAsync(SyncRequest request, StepContext step) => CallAsync(RunbookSteps.Sync, request, () => live.SyncAsync(request, step));

    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, StepContext step) => CallAsync(RunbookSteps.WatchRecovery, request, () => live.WatchRecoveryAsync(request, step));

    public Task<ValidationReport> ValidateAsync(ValidateRequest request, StepContext step) => CallAsync(RunbookSteps.Validate, request, () => live.ValidateAsync(request, step));

    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, StepContext step) => CallAsync(RunbookSteps.ProveLineage, request, () => live.ProveLineageAsync(request, step));

    public Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request, StepContext step) => CallAsync(RunbookSteps.RestartConsumers, request, () => live.RestartConsumersAsync(request, step));

    public Task<PushResult> FlipBackAsync(FlipBackRequest request, StepContext step) => CallAsync(RunbookSteps.FlipBack, request, () => live.FlipBackAsync(request, step));

    private async Task<TResult> CallAsync<TRequest, TResult>(string step, TRequest request, Func<Task<TResult>> run)
    {
        var json = JsonSerializer.Serialize(request, DrDataConverter.JsonOptions);
        if (replay is not null && cursor < replay.Steps.Count)
        {
            var recorded = replay.Steps[cursor++];
            if (recorded.Step != step || recorded.Request != json)
            {
                throw new InvalidOperationException($"nondeterminism at step event {cursor}: the history holds {recorded.Step} {recorded.Request}, the runbook asked for {step} {json}");
            }

            steps.Add(recorded);
            if (recorded.FailureMessage is not null)
            {
                throw new ApplicationFailureException(recorded.FailureMessage, errorType: recorded.FailureType, nonRetryable: true);
            }

            return JsonSerializer.Deserialize<TResult>(recorded.Result!, DrDataConverter.JsonOptions)!;
        }

        try
        {
            var result = await run().ConfigureAwait(true);
            steps.Add(new StepEvent(step, json, JsonSerializer.Serialize(result, DrDataConverter.JsonOptions)));
            return result;
        }
        catch (ApplicationFailureException e)
        {
            steps.Add(new StepEvent(step, json, null, e.ErrorType, e.Message));
            throw;
        }
    }
}
