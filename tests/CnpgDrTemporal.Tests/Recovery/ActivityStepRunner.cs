using System.Diagnostics;
using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Activities;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace CnpgDrTemporal.Tests.Recovery;

/// <summary>
/// Runs the runbook's steps on the real <see cref="RecoveryActivities"/> the way a Temporal worker runs
/// them under the workflow's <see cref="RecoveryActivityOptions"/>, without a server: each attempt inside
/// an activity environment, cancelled at its start-to-close or when its heartbeat goes silent past the
/// heartbeat timeout, retried with the policy's backoff until the schedule-to-close budget is spent
/// (non-retryable failures and types end at once), the last heartbeat handed to the next attempt, and
/// the step's token cancelling the attempt in flight. Timings come from the plan's settings, so a test
/// scales them down through <c>Dr:Kubernetes</c>, not constants.
/// </summary>
public sealed class ActivityStepRunner(RecoveryActivities activities) : IRecoverySteps
{
    private readonly Lock gate = new();
    private readonly List<string> attempts = [];

    /// <summary>Answers the plan step instead of the activity (tests on the simulator alone have no S3 or git).</summary>
    public Func<PlanRequest, Task<RecoveryPlan>>? ScriptedPlan { get; init; }

    /// <summary>Answers the push step instead of the activity.</summary>
    public Func<PushRequest, PushResult>? ScriptedPush { get; init; }

    /// <summary>Answers the validation step instead of the activity (no restored database on the simulator).</summary>
    public Func<ValidateRequest, ValidationReport>? ScriptedValidation { get; init; }

    /// <summary>Every attempt started, as <c>step#attempt</c>.</summary>
    public IReadOnlyList<string> Attempts
    {
        get
        {
            lock (gate)
            {
                return [.. attempts];
            }
        }
    }

    public Task<RecoveryPlan> PlanAsync(PlanRequest request, StepContext step) => RunAsync(RunbookSteps.Plan, step, () => ScriptedPlan is { } p ? p(request) : activities.PlanAsync(request));

    public Task<PushResult> PushAsync(PushRequest request, StepContext step) => RunAsync(RunbookSteps.Push, step, () => ScriptedPush is { } p ? Task.FromResult(p(request)) : activities.PushAsync(request));

    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, StepContext step) => RunAsync(RunbookSteps.HardRefresh, step, () => activities.HardRefreshAsync(request));

    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, StepContext step) => RunAsync(RunbookSteps.Delete, step, () => activities.DeleteClusterAsync(request));

    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, StepContext step) => RunAsync(RunbookSteps.WaitPvcsGone, step, () => activities.WaitPvcsGoneAsync(request));

    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, StepContext step) => RunAsync(RunbookSteps.RemoveFinalizers, step, () => activities.RemovePvcFinalizersAsync(request));

    public Task<SyncResult> SyncAsync(SyncRequest request, StepContext step) => RunAsync(RunbookSteps.Sync, step, () => activities.SyncAsync(request));

    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, StepContext step) => RunAsync(RunbookSteps.WatchRecovery, step, () => activities.WatchRecoveryAsync(request));

    public Task<ValidationReport> ValidateAsync(ValidateRequest request, StepContext step) => RunAsync(RunbookSteps.Validate, step, () => ScriptedValidation is { } v ? Task.FromResult(v(request)) : activities.ValidateAsync(request));

    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, StepContext step) => RunAsync(RunbookSteps.ProveLineage, step, () => activities.ProveLineageAsync(request));

    public Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request, StepContext step) => RunAsync(RunbookSteps.RestartConsumers, step, () => activities.RestartConsumersAsync(request));

    public Task<PushResult> FlipBackAsync(FlipBackRequest request, StepContext step) => RunAsync(RunbookSteps.FlipBack, step, () => activities.FlipBackAsync(request));

    private async Task<T> RunAsync<T>(string name, StepContext step, Func<Task<T>> activity)
    {
        var options = RecoveryActivityOptions.For(name, step);
        var policy = options.RetryPolicy!;
        var budget = Stopwatch.StartNew();
        var delay = policy.InitialInterval;
        object? lastHeartbeat = null;
        for (var attempt = 1; ; attempt++)
        {
            step.Cancellation.ThrowIfCancellationRequested();
            lock (gate)
            {
                attempts.Add($"{name}#{attempt}");
            }

            var beat = Stopwatch.StartNew();
            var env = new ActivityEnvironment
            {
                Heartbeater = details =>
                {
                    beat.Restart();
                    lastHeartbeat = details.LastOrDefault() ?? lastHeartbeat;
                },
            };
            env = env with
            {
                Info = env.Info with
                {
                    ActivityType = "Recovery" + name,
                    Attempt = attempt,
                    DataConverter = DrDataConverter.Instance,
                    HeartbeatTimeout = options.HeartbeatTimeout,
                    StartToCloseTimeout = options.StartToCloseTimeout,
                    HeartbeatDetails = lastHeartbeat is null ? [] : [DrDataConverter.Instance.PayloadConverter.ToPayload(lastHeartbeat)],
                },
            };

            var timedOut = false;
            using var cancel = step.Cancellation.Register(() => env.Cancel(ActivityCancelReason.CancelRequested));
            using var watchdog = new CancellationTokenSource();
            var running = env.RunAsync(activity);
            _ = WatchAsync(env, options.StartToCloseTimeout!.Value, options.HeartbeatTimeout, beat, () => timedOut = true, running, watchdog.Token);
            try
            {
                return await running.ConfigureAwait(false);
            }
            catch (Exception e) when (!step.Cancellation.IsCancellationRequested)
            {
                var failure = e as ApplicationFailureException
                    ?? new ApplicationFailureException(timedOut ? $"activity Recovery{name} timed out (start-to-close {options.StartToCloseTimeout}, heartbeat {options.HeartbeatTimeout})" : e.Message, errorType: timedOut ? "Timeout" : e.GetType().Name);
                var retryable = !failure.NonRetryable && !(policy.NonRetryableErrorTypes?.Contains(failure.ErrorType) ?? false)
                    && (policy.MaximumAttempts == 0 || attempt < policy.MaximumAttempts)
                    && budget.Elapsed + delay < options.ScheduleToCloseTimeout;
                if (!retryable)
                {
                    throw failure;
                }
            }
            catch (Exception e) when (step.Cancellation.IsCancellationRequested && e is not OperationCanceledException)
            {
                // As in Temporal: a cancelled activity ends the step as cancelled, whatever it threw on the way.
                throw new OperationCanceledException($"step {name} cancelled", e, step.Cancellation);
            }
            finally
            {
                await watchdog.CancelAsync().ConfigureAwait(false);
            }

            await Task.Delay(delay, step.Cancellation).ConfigureAwait(false);
            var next = delay * policy.BackoffCoefficient;
            delay = policy.MaximumInterval is { } max && next > max ? max : next;
        }
    }

    /// <summary>Cancels the attempt at its start-to-close timeout or when no heartbeat came within the heartbeat timeout.</summary>
    private static async Task WatchAsync(ActivityEnvironment env, TimeSpan startToClose, TimeSpan? heartbeatTimeout, Stopwatch beat, Action timedOut, Task running, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            while (!running.IsCompleted)
            {
                if (clock.Elapsed >= startToClose || (heartbeatTimeout is { } hb && beat.Elapsed >= hb))
                {
                    timedOut();
                    env.Cancel(ActivityCancelReason.Timeout);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the attempt ended first
        }
    }
}
