using System.Diagnostics;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>
/// Wakes a waiter when any watched set changed. Take <see cref="Next"/> BEFORE looking at the state,
/// then await it: a change between the look and the await is never missed.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Lock gate = new();
    private TaskCompletionSource next = NewSource();

    public Task Next
    {
        get
        {
            lock (gate)
            {
                return next.Task;
            }
        }
    }

    public void Pulse()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = next;
            next = NewSource();
        }

        fired.TrySetResult();
    }

    /// <summary>Waits for <paramref name="change"/> at most until <paramref name="deadline"/> or <paramref name="maxWait"/>.</summary>
    public static async Task WaitAsync(Task change, Deadline deadline, TimeSpan maxWait, CancellationToken ct)
    {
        var wait = deadline.Remaining < maxWait ? deadline.Remaining : maxWait;
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await change.WaitAsync(wait, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // nothing changed: the caller re-checks (and heartbeats or times out)
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A point in time a wait must not pass; <paramref name="spent"/> is what earlier attempts or slices already used of it.</summary>
public sealed class Deadline(TimeSpan budget, TimeSpan spent = default)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public TimeSpan Budget => budget;

    public TimeSpan Elapsed => spent + clock.Elapsed;

    public TimeSpan Remaining => budget - Elapsed;

    public bool Passed => Elapsed >= budget;
}

/// <summary>The one wait loop of this concern: re-check on every change (or tick) until done or past the deadline.</summary>
public static class Waits
{
    /// <param name="check">Returns the result when done, null to keep waiting; may throw to fail the wait.</param>
    /// <param name="onTimeout">The error naming what was waited for and what was last seen.</param>
    public static Task<T> UntilAsync<T>(ChangeSignal signal, Deadline deadline, TimeSpan tick, Func<T?> check, Func<Exception> onTimeout, CancellationToken ct)
        where T : class =>
        UntilAsync(signal, deadline, tick, check, () => Task.FromResult(onTimeout()), ct);

    /// <param name="onTimeout">Builds the error, e.g. from a fresh read: a watch may lag behind the API server.</param>
    public static async Task<T> UntilAsync<T>(ChangeSignal signal, Deadline deadline, TimeSpan tick, Func<T?> check, Func<Task<Exception>> onTimeout, CancellationToken ct)
        where T : class
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var next = signal.Next;
            if (check() is { } done)
            {
                return done;
            }

            if (deadline.Passed)
            {
                throw await onTimeout().ConfigureAwait(false);
            }

            await ChangeSignal.WaitAsync(next, deadline, tick, ct).ConfigureAwait(false);
        }
    }

    public static string Format(TimeSpan t) =>
        t.TotalSeconds < 1 ? $"{t.TotalMilliseconds:0}ms" : t.TotalMinutes < 2 ? $"{t.TotalSeconds:0.#}s" : $"{t.TotalMinutes:0.#}min";
}
