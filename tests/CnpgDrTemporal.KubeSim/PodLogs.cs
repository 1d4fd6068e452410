namespace CnpgDrTemporal.KubeSim;

/// <summary>Container logs per pod: appended by the scripted controllers, streamed by <c>pods/&lt;name&gt;/log</c>.</summary>
public sealed class PodLogs
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Namespace, string Pod), PodLog> logs = [];

    public PodLog For(string ns, string pod)
    {
        lock (gate)
        {
            if (!logs.TryGetValue((ns, pod), out var log))
            {
                log = new PodLog();
                logs[(ns, pod)] = log;
            }

            return log;
        }
    }
}

/// <summary>One container's log: lines so far, whether the container ended, and a wake-up for followers.</summary>
public sealed class PodLog
{
    private readonly Lock gate = new();
    private readonly List<string> lines = [];
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool ended;

    public void Append(string line)
    {
        lock (gate)
        {
            lines.Add(line);
        }

        Wake();
    }

    /// <summary>The container exited: followers get the rest and then end of stream.</summary>
    public void End()
    {
        lock (gate)
        {
            ended = true;
        }

        Wake();
    }

    /// <summary>Lines from <paramref name="from"/>, whether the log is complete, and a task that completes on the next change.</summary>
    public (List<string> Lines, bool Ended, Task Changed) Read(int from)
    {
        lock (gate)
        {
            return (lines.Skip(from).ToList(), ended, changed.Task);
        }
    }

    private void Wake()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }
}
