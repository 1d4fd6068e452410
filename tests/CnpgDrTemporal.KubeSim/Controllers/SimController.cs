using System.Text.Json.Nodes;

namespace CnpgDrTemporal.KubeSim.Controllers;

/// <summary>
/// A scripted controller: reacts to store events of its resources, in order, on its own task, and
/// writes back through the store like a real controller writes through the API. Failures are kept
/// in <see cref="Errors"/> so a test can assert the script itself did not break.
/// </summary>
public abstract class SimController(KubeSimServer sim, params ResourceType[] watched) : IAsyncDisposable
{
    private readonly List<(Action Unsubscribe, Task Loop)> loops = [];
    private readonly List<Task> background = [];
    private readonly CancellationTokenSource stop = new();

    public List<Exception> Errors { get; } = [];

    protected KubeSimServer Sim => sim;

    protected ObjectStore Store => sim.Store;

    protected CancellationToken Stopping => stop.Token;

    public void Start()
    {
        foreach (var type in watched)
        {
            var (initial, live, unsubscribe) = Store.Subscribe(type, null, null);
            var loop = Task.Run(async () =>
            {
                foreach (var e in initial)
                {
                    await SafeReactAsync(e).ConfigureAwait(false);
                }

                await foreach (var e in live.ReadAllAsync().ConfigureAwait(false))
                {
                    await SafeReactAsync(e).ConfigureAwait(false);
                }
            });
            loops.Add((unsubscribe, loop));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        foreach (var (unsubscribe, _) in loops)
        {
            unsubscribe();
        }

        await Task.WhenAll(loops.Select(l => l.Loop).Concat(Tracked())).ConfigureAwait(false);
        stop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task ReactAsync(StoreEvent e);

    /// <summary>Runs a longer script (a recovery) beside the event loop.</summary>
    protected void RunInBackground(Func<Task> script)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await script().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // test over
            }
            catch (Exception e)
            {
                lock (Errors)
                {
                    Errors.Add(e);
                }
            }
        });
        lock (background)
        {
            background.Add(task);
        }
    }

    protected static ObjectKey KeyOf(StoreEvent e) => new(e.Resource, e.Namespace, e.Object["metadata"]!["name"]!.GetValue<string>());

    protected static JsonObject Ensure(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject child)
        {
            child = new JsonObject();
            parent[name] = child;
        }

        return child;
    }

    private Task[] Tracked()
    {
        lock (background)
        {
            return background.ToArray();
        }
    }

    private async Task SafeReactAsync(StoreEvent e)
    {
        try
        {
            await ReactAsync(e).ConfigureAwait(false);
        }
        catch (SimApiException ex) when (ex.Code == 404)
        {
            // the object went away meanwhile
        }
        catch (Exception ex)
        {
            lock (Errors)
            {
                Errors.Add(ex);
            }
        }
    }
}
