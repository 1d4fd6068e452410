using Temporalio.Testing;

namespace CnpgDrTemporal.Tests.Support;

/// <summary>
/// Runs code inside a Temporal activity context (<see cref="ActivityEnvironment"/>) and records every
/// heartbeat's details in the order they were sent, for tests without the Kubernetes simulator.
/// </summary>
public sealed class HeartbeatRecorder
{
    private readonly List<object?> details = [];

    public IReadOnlyList<object?> All
    {
        get
        {
            lock (details)
            {
                return details.ToList();
            }
        }
    }

    /// <summary>The heartbeats whose details are a line of text (what a step is doing).</summary>
    public IReadOnlyList<string> Lines => All.OfType<string>().ToList();

    public Task<T> RunAsActivityAsync<T>(Func<Task<T>> activity)
    {
        var env = new ActivityEnvironment
        {
            Heartbeater = beat =>
            {
                lock (details)
                {
                    details.AddRange(beat);
                }
            },
        };
        return env.RunAsync(activity);
    }

    /// <summary>The index of the first line starting with <paramref name="prefix"/>; fails naming every line when there is none.</summary>
    public int First(string prefix)
    {
        var lines = Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i;
            }
        }

        Assert.Fail($"no heartbeat starting with '{prefix}' among {lines.Count}:\n{string.Join("\n", lines)}");
        return -1;
    }
}
