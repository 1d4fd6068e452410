using CnpgDrTemporal.Activities.Notify;
using Temporalio.Common;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>
/// What the runbook needs from its environment besides the steps: identity, a deterministic clock,
/// a durable wait and notifications. The workflow implements it with Temporal; tests with a fake clock.
/// </summary>
public interface IRunbookHost
{
    string WorkflowId { get; }

    string Namespace { get; }

    DateTimeOffset UtcNow { get; }

    /// <summary>True once <paramref name="condition"/> holds, false when <paramref name="timeout"/> passed first.</summary>
    Task<bool> WaitConditionAsync(Func<bool> condition, TimeSpan timeout);

    /// <summary>Returns once <paramref name="step"/> completed or <paramref name="interrupt"/> holds (a stop arrived).</summary>
    Task WaitForStepAsync(Task step, Func<bool> interrupt);

    /// <summary>Awaits every task (children of a rebuild): in a workflow through the deterministic scheduler.</summary>
    Task WhenAllAsync(IEnumerable<Task> tasks);

    /// <summary>Where the runbook's metrics go: the workflow's replay-safe meter, a no-op or a test runtime's meter.</summary>
    MetricMeter Metrics { get; }

    /// <summary>Posts an event; never throws.</summary>
    Task NotifyAsync(RecoveryEvent recoveryEvent);
}
