using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>
/// Heartbeats of one long wait: the latest details now on every progress report and again every
/// <c>HeartbeatInterval</c> while nothing happens (so cancellation reaches the activity). Outside an
/// activity (CLI, tests without a Temporal context) it only keeps the details.
/// </summary>
public sealed class Heartbeats<T> : IAsyncDisposable
    where T : class
{
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly Task ticker;
    private T latest;

    public Heartbeats(T initial, TimeSpan interval)
    {
        latest = initial;
        Beat(initial);
        ticker = ActivityExecutionContext.HasCurrent
            ? Task.Run(() => TickAsync(interval, stop.Token), CancellationToken.None)
            : Task.CompletedTask;
    }

    public T Latest => Volatile.Read(ref latest);

    /// <summary>
    /// The details of the previous attempt's last heartbeat, or null on a first attempt, and also when
    /// they are not a <typeparamref name="T"/>: the attempt died in another step of the same activity
    /// (a drill heartbeats "reading the catalog of ..." before its recovery watch), so nothing to resume.
    /// </summary>
    public static async Task<T?> ResumeAsync()
    {
        if (!ActivityExecutionContext.HasCurrent || ActivityExecutionContext.Current.Info.HeartbeatDetails.Count == 0)
        {
            return null;
        }

        try
        {
            return await ActivityExecutionContext.Current.Info.HeartbeatDetailAtAsync<T>(0).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="details"/> for the next periodic heartbeat without beating now.</summary>
    public void Update(T details) => Volatile.Write(ref latest, details);

    public void Report(T details)
    {
        // Under the gate: a tick never sends older details after newer ones.
        lock (gate)
        {
            Volatile.Write(ref latest, details);
            Beat(details);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await ticker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        stop.Dispose();
    }

    private static void Beat(T details)
    {
        if (ActivityExecutionContext.HasCurrent)
        {
            ActivityExecutionContext.Current.Heartbeat(details);
        }
    }

    private async Task TickAsync(TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            lock (gate)
            {
                Beat(Latest);
            }
        }
    }
}

/// <summary>One long step that has no progress of its own to report (a catalog read, a SQL validation, a cleanup).</summary>
public static class StepHeartbeat
{
    /// <summary>
    /// Runs <paramref name="step"/> while heartbeating <paramref name="details"/> now and every
    /// <paramref name="interval"/> until it ends; outside an activity it only runs the step.
    /// </summary>
    public static async Task<TResult> WhileAsync<TResult>(string details, TimeSpan interval, Func<Task<TResult>> step)
    {
        await using var beats = new Heartbeats<string>(details, interval);
        return await step().ConfigureAwait(false);
    }

    /// <inheritdoc cref="WhileAsync{TResult}(string, TimeSpan, Func{Task{TResult}})"/>
    public static async Task WhileAsync(string details, TimeSpan interval, Func<Task> step)
    {
        await using var beats = new Heartbeats<string>(details, interval);
        await step().ConfigureAwait(false);
    }
}

/// <summary>The activity's cancellation token, or none outside an activity.</summary>
public static class ActivityToken
{
    public static CancellationToken Current =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;

    /// <summary>Links a caller token (CLI Ctrl-C) with the activity's.</summary>
    public static CancellationToken Or(CancellationToken ct) => ct.CanBeCanceled ? ct : Current;
}
