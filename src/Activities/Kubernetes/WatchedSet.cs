using k8s;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>
/// A live view of the objects matching one list query: LIST, then WATCH from the list's
/// resourceVersion, re-listing whenever the watch ends or breaks. Pulses a <see cref="ChangeSignal"/>
/// on every change so waits react to events instead of polling.
/// </summary>
public sealed class WatchedSet<T> : IAsyncDisposable
    where T : class
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly WatchSource<T> source;
    private readonly ChangeSignal signal;
    private readonly KubeCalls calls;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private Task loop = Task.CompletedTask;
    private Exception? fault;

    private WatchedSet(WatchSource<T> source, ChangeSignal signal, KubeCalls calls, ILogger logger)
    {
        this.source = source;
        this.signal = signal;
        this.calls = calls;
        this.logger = logger;
    }

    public string What => source.What;

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (gate)
            {
                if (fault is not null)
                {
                    throw new DrException($"watch of {source.What} failed: {fault.Message}", fault);
                }

                return items.Values.ToList();
            }
        }
    }

    /// <summary>Lists once (errors surface here), then keeps watching in the background.</summary>
    public static async Task<WatchedSet<T>> StartAsync(WatchSource<T> source, ChangeSignal signal, KubeCalls calls, ILogger logger, CancellationToken ct)
    {
        var set = new WatchedSet<T>(source, signal, calls, logger);
        var version = await set.RelistAsync(ct).ConfigureAwait(false);
        var token = set.stop.Token;
        set.loop = Task.Run(() => set.WatchLoopAsync(version, token), CancellationToken.None);
        return set;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        stop.Dispose();
    }

    private async Task WatchLoopAsync(string? version, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, obj) in source.Watch(version, ct).ConfigureAwait(false))
                {
                    Apply(type, obj);
                    version = source.VersionOf(obj) ?? version;
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                logger.LogDebug(e, "watch of {What} ended", source.What);
            }

            // The stream ended or broke: re-list so nothing that happened in between is missed.
            try
            {
                await Task.Delay(calls.Backoff(Math.Min(failures + 1, 6)), ct).ConfigureAwait(false);
                version = await RelistAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    fault = e;
                }

                signal.Pulse();
                return;
            }
        }
    }

    private async Task<string?> RelistAsync(CancellationToken ct)
    {
        var (list, version) = await calls.RunAsync("list", source.What, source.List, ct).ConfigureAwait(false);
        lock (gate)
        {
            items.Clear();
            foreach (var o in list)
            {
                items[source.KeyOf(o)] = o;
            }
        }

        signal.Pulse();
        return version;
    }

    private void Apply(WatchEventType type, T obj)
    {
        lock (gate)
        {
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    items[source.KeyOf(obj)] = obj;
                    break;
                case WatchEventType.Deleted:
                    items.Remove(source.KeyOf(obj));
                    break;
                default:
                    return;
            }
        }

        signal.Pulse();
    }
}

/// <summary>How to list and watch one kind of object.</summary>
public sealed record WatchSource<T>(
    string What,
    Func<CancellationToken, Task<(IReadOnlyList<T> Items, string? Version)>> List,
    Func<string?, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> Watch,
    Func<T, string> KeyOf,
    Func<T, string?> VersionOf);
