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

    /// <summary>The details of the previous attempt's last heartbeat, or null on a first attempt.</summary>
    public static async Task<T?> ResumeAsync()
    {
        if (!ActivityExecutionContext.HasCurrent || ActivityExecutionContext.Current.Info.HeartbeatDetails.Count == 0)
        {
            return null;
        }

        return await ActivityExecutionContext.Current.Info.HeartbeatDetailAtAsync<T>(0).ConfigureAwait(false);
    }

    /// <summary>Keeps <paramref name="details"/> for the next periodic heartbeat without beating now.</summary>
    public void Update(T details) => Volatile.Write(ref latest, details);

    public void Report(T details)
    {
        Volatile.Write(ref latest, details);
        Beat(details);
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
            Beat(Latest);
        }
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
