using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Common;
using Temporalio.Runtime;

namespace CnpgDrTemporal.Tests.EndToEnd;

/// <summary>
/// A runbook host on the real clock for runs whose steps are truly asynchronous: waits are
/// re-evaluated by <see cref="Poke"/> (a signal arriving) and time out on a real timer.
/// Thread-safe, because steps continue on pool threads while the test thread signals.
/// </summary>
public sealed class AsyncRunbookHost(string workflowId) : IRunbookHost
{
    private readonly Lock gate = new();
    private readonly List<Waiter> waiters = [];
    private readonly List<RecoveryEvent> events = [];

    public string WorkflowId => workflowId;

    public string Namespace => "default";

    /// <summary>The default runtime's meter exports nothing; a test sets a runtime's meter to scrape.</summary>
    public MetricMeter Metrics { get; set; } = TemporalRuntime.Default.MetricMeter;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    /// <summary>True while the runbook is parked in a wait, i.e. it holds no state a signal could race with.</summary>
    public bool Waiting
    {
        get
        {
            lock (gate)
            {
                return waiters.Count > 0;
            }
        }
    }

    public IReadOnlyList<RecoveryEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public Task<bool> WaitConditionAsync(Func<bool> condition, TimeSpan timeout)
    {
        Waiter waiter;
        lock (gate)
        {
            if (condition())
            {
                return Task.FromResult(true);
            }

            // Continuations run on the pool: completing a wait never runs the runbook inside this lock.
            waiter = new Waiter(condition, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously), new CancellationTokenSource(timeout));
            waiters.Add(waiter);
            waiter.Timer.Token.Register(() => Complete(waiter, false));
        }

        return waiter.Done.Task;
    }

    /// <summary>A condition wait that the step's completion re-evaluates too (steps run on pool threads here).</summary>
    public Task WaitForStepAsync(Task step, Func<bool> interrupt)
    {
        var wait = WaitConditionAsync(() => step.IsCompleted || interrupt(), Timeout.InfiniteTimeSpan);
        _ = step.ContinueWith(_ => Poke(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return wait;
    }

    public Task WhenAllAsync(IEnumerable<Task> tasks) => Task.WhenAll(tasks);

    public Task NotifyAsync(RecoveryEvent recoveryEvent)
    {
        lock (gate)
        {
            events.Add(recoveryEvent);
        }

        return Task.CompletedTask;
    }

    /// <summary>Delivers a signal: <paramref name="signal"/> runs under the host's lock, then waits whose condition now holds complete.</summary>
    public void Signal(Action signal)
    {
        List<Waiter> ready;
        lock (gate)
        {
            signal();
            ready = waiters.Where(w => w.Condition()).ToList();
        }

        foreach (var w in ready)
        {
            Complete(w, true);
        }
    }

    /// <summary>Re-evaluates waiting conditions, as a workflow does after a signal.</summary>
    public void Poke() => Signal(() => { });

    private void Complete(Waiter waiter, bool result)
    {
        lock (gate)
        {
            if (!waiters.Remove(waiter))
            {
                return;
            }
        }

        waiter.Timer.Dispose();
        waiter.Done.TrySetResult(result);
    }

    private sealed record Waiter(Func<bool> Condition, TaskCompletionSource<bool> Done, CancellationTokenSource Timer);
}
