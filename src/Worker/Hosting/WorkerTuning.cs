using CnpgDrTemporal.Activities;
using Temporalio.Worker;

namespace CnpgDrTemporal.Worker.Hosting;

/// <summary>The <c>Dr:Temporal</c> keys that shape the hosted worker: identity, concurrency, graceful shutdown.</summary>
public static class WorkerTuning
{
    /// <summary>Extra time the host gives the worker's stop beyond <see cref="TemporalOptions.GracefulShutdown"/>.</summary>
    public static readonly TimeSpan HostStopMargin = TimeSpan.FromSeconds(10);

    public static void Apply(TemporalOptions temporal, TemporalWorkerOptions worker)
    {
        if (!string.IsNullOrWhiteSpace(temporal.Identity))
        {
            worker.Identity = temporal.Identity;
        }

        if (temporal.MaxConcurrentActivities is { } activities)
        {
            worker.MaxConcurrentActivities = Positive(nameof(TemporalOptions.MaxConcurrentActivities), activities);
        }

        if (temporal.MaxConcurrentWorkflowTasks is { } tasks)
        {
            worker.MaxConcurrentWorkflowTasks = Positive(nameof(TemporalOptions.MaxConcurrentWorkflowTasks), tasks);
        }

        worker.GracefulShutdownTimeout = temporal.GracefulShutdown;
    }

    /// <summary>Checked before anything connects: a bad value is one line at start, not a worker that never polls.</summary>
    public static void Validate(TemporalOptions temporal)
    {
        if (temporal.GracefulShutdown < TimeSpan.Zero)
        {
            throw new DrException($"{TemporalOptions.Section}:GracefulShutdown must not be negative (got {temporal.GracefulShutdown})");
        }

        Apply(temporal, new TemporalWorkerOptions());
    }

    private static int Positive(string key, int value) =>
        value > 0 ? value : throw new DrException($"{TemporalOptions.Section}:{key} must be at least 1 (got {value})");
}
