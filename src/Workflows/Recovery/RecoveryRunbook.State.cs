using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Recovery;

using Temporalio.Exceptions;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>Step execution and the state the status query shows.</summary>
public sealed partial class RecoveryRunbook
{
    private readonly List<StepRecord> finished = [];
    private readonly List<Approval> approvals = [];
    private string? currentStep;
    private int round = 1;
    private RecoveryPlan? plan;
    private string? pushedSha;
    private bool clusterDeleted;
    private PendingApproval? pending;
    private string? waitingFor;
    private string? parked;
    private StepTimings timings = StepTimings.Default;
    private RecoveryProgress? progress;
    private IReadOnlyList<StuckPvc> stuckPvcs = [];
    private ValidationReport? validation;
    private string? failure;
    private RecoveryOutcome? outcome;
    private RunbookMetrics? metrics;

    /// <summary>The answer of the <c>status</c> query: a snapshot.</summary>
    public RecoveryStatus Status => new(
        Db,
        outcome is not null ? RunbookStates.Finished
            : failure is not null ? RunbookStates.Failed
            : pending is not null ? RunbookStates.WaitingForApproval
            : parked is not null ? RunbookStates.WaitingForOperator
            : waitingFor is not null ? RunbookStates.WaitingForRetarget
            : RunbookStates.Running,
        currentStep,
        round,
        plan?.PlanHash,
        plan?.Summary,
        pushedSha,
        [.. finished],
        pending,
        parked ?? waitingFor,
        [.. Inbox.Refused],
        progress,
        stuckPvcs,
        validation,
        failure,
        outcome,
        [.. approvals]);

    /// <summary>
    /// Runs one step and lists it (or its failure) among the finished steps. A stop request is honoured
    /// before a step starts and interrupts a read-only one in flight (its activity is cancelled); a
    /// destructive call in flight finishes first. After the Cluster was deleted a failed step parks for
    /// the operator (<see cref="ParkAsync"/>) and runs again on <c>retry</c>, unless
    /// <paramref name="parks"/> says the caller decides on that failure. Replaying a run is Temporal's
    /// job: its history holds every result.
    /// </summary>
    private async Task<T> StepAsync<T>(string step, Func<StepContext, Task<T>> run, Func<T, string> describe, bool listed = true, Func<Exception, bool>? parks = null)
    {
        while (true)
        {
            currentStep = step;
            Publish();
            ThrowIfStopped();
            var started = host.UtcNow;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            try
            {
                var task = run(new StepContext(timings, stop.Token));
                if (!RunbookSteps.Destructive.Contains(step) && !task.IsCompleted)
                {
                    await host.WaitForStepAsync(task, () => Inbox.Stop is not null);
                    if (!task.IsCompleted)
                    {
                        stop.Cancel();
                    }
                }

                var value = await task;
                if (listed)
                {
                    finished.Add(new StepRecord(step, round, started, host.UtcNow, OneLine(describe(value))));
                }

                return value;
            }
            catch (Exception e) when (Inbox.Stop is not null && !ct.IsCancellationRequested && IsCancellation(e))
            {
                finished.Add(new StepRecord(step, round, started, host.UtcNow, "cancelled: the run was stopped"));
                ThrowIfStopped();
                throw;
            }
            catch (FailureException e) when (!IsCancellation(e))
            {
                if (listed)
                {
                    finished.Add(new StepRecord(step, round, started, host.UtcNow, $"failed: {RunbookFailures.Message(e)}"));
                }

                if (!clusterDeleted || parks?.Invoke(e) == false)
                {
                    throw;
                }

                await ParkAsync(step, RunbookFailures.Message(e));
            }
            finally
            {
                Publish();
            }
        }
    }

    /// <summary>Publishes the status to the metrics; called after every change of state the dashboard shows.</summary>
    private void Publish() => (metrics ??= new RunbookMetrics(host.Metrics, Db)).Publish(Status);

    private static bool IsCancellation(Exception e) => e is OperationCanceledException || TemporalException.IsCanceledException(e);

    private void CheckInput()
    {
        var problems = input.Problems().ToList();
        var id = RecoveryInput.WorkflowIdFor(input.Database);
        if (host.WorkflowId != id)
        {
            problems.Add($"workflow ID is '{host.WorkflowId}': start the recovery of {input.Database} with --workflow-id {id} (one recovery per database)");
        }

        if (problems.Count > 0)
        {
            throw RunbookFailures.NonRetryable(RecoveryErrorTypes.InvalidInput, $"recovery input refused: {string.Join("; ", problems)}");
        }
    }

    private RecoveryResult Ended(RecoveryOutcome how, string reason) => new(how, Db, reason, plan, pushedSha, validation);

    private async Task<RecoveryResult> FinishAsync(RecoveryResult result)
    {
        outcome = result.Outcome;
        currentStep = null;
        Publish();
        await NotifyAsync(RecoveryEventKinds.Finished, null, $"recovery of {Db} ended {result.Outcome}: {result.Reason}");
        return result;
    }

    private async Task FailAsync(Exception e)
    {
        failure = $"{currentStep}: {RunbookFailures.Message(e)}";
        Publish();
        if (!ct.IsCancellationRequested)
        {
            await NotifyAsync(RecoveryEventKinds.StepFailed, currentStep, $"recovery of {Db} failed at {failure}; the workflow ended ({WhatWasChanged()})");
        }
    }

    private Task NotifyAsync(string kind, string? step, string message, string? command = null) =>
        host.NotifyAsync(new RecoveryEvent(kind, Db, host.WorkflowId, step, message, host.UtcNow, command));

    private static string Describe(RecoveryProgress? p) =>
        p is null ? "no progress" : $"{(p.Done ? "done" : "recovering")}: {p.RestoredFiles} WAL files restored, phase {p.ClusterPhase ?? "-"}, last: {p.LastLine ?? "-"}";

    private static string Describe(IReadOnlyList<StuckPvc> stuck) =>
        string.Join(", ", stuck.Select(p => $"{p.Name} [{string.Join(", ", p.Finalizers)}]"));

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);

    private static string Short(string? sha) => sha is null ? "-" : sha.Length > 12 ? sha[..12] : sha;

    private static string OneLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');
}
