using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Common;
using Temporalio.Runtime;

namespace CnpgDrTemporal.Tests.Workflows.Fakes;

/// <summary>
/// A virtual clock with durable-timer semantics: waits complete when their condition holds after
/// <see cref="Poke"/> or when <see cref="Advance"/> moves time past their deadline, in deadline order.
/// </summary>
public sealed class FakeRunbookHost(string workflowId) : IRunbookHost
{
    private readonly List<Waiter> waiters = [];

    public string WorkflowId { get; set; } = workflowId;

    public string Namespace => "default";

    /// <summary>The default runtime's meter exports nothing; a test sets a runtime's meter to scrape.</summary>
    public MetricMeter Metrics { get; set; } = TemporalRuntime.Default.MetricMeter;

    public DateTimeOffset UtcNow { get; private set; } = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public List<RecoveryEvent> Events { get; } = [];

    public Task<bool> WaitConditionAsync(Func<bool> condition, TimeSpan timeout)
    {
        if (condition())
        {
            return Task.FromResult(true);
        }

        var waiter = new Waiter(condition, UtcNow + timeout, new TaskCompletionSource<bool>());
        waiters.Add(waiter);
        return waiter.Done.Task;
    }

    /// <summary>Like a condition wait without a timer: <see cref="Poke"/> (a signal, a released step) re-evaluates it.</summary>
    public Task WaitForStepAsync(Task step, Func<bool> interrupt)
    {
        if (step.IsCompleted || interrupt())
        {
            return Task.CompletedTask;
        }

        var waiter = new Waiter(() => step.IsCompleted || interrupt(), DateTimeOffset.MaxValue, new TaskCompletionSource<bool>());
        waiters.Add(waiter);
        return waiter.Done.Task;
    }

    public Task WhenAllAsync(IEnumerable<Task> tasks) => Task.WhenAll(tasks);

    public Task NotifyAsync(RecoveryEvent recoveryEvent)
    {
        Events.Add(recoveryEvent);
        return Task.CompletedTask;
    }

    public int CountEvents(string kind) => Events.Count(e => e.Kind == kind);

    /// <summary>Re-evaluates waiting conditions, as a workflow does after a signal.</summary>
    public void Poke()
    {
        foreach (var w in waiters.Where(w => w.Condition()).ToList())
        {
            waiters.Remove(w);
            w.Done.SetResult(true);
        }
    }

    /// <summary>Moves the clock, firing every timer that falls inside the interval in order.</summary>
    public void Advance(TimeSpan by)
    {
        var target = UtcNow + by;
        while (waiters.Where(w => w.Deadline <= target).MinBy(w => w.Deadline) is { } next)
        {
            UtcNow = next.Deadline;
            waiters.Remove(next);
            next.Done.SetResult(false);
        }

        UtcNow = target;
    }

    private sealed record Waiter(Func<bool> Condition, DateTimeOffset Deadline, TaskCompletionSource<bool> Done);
}
