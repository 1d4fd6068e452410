using CnpgDrTemporal.Activities.Notify;
using Microsoft.Extensions.Logging;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>The runbook's clock, waits and notifications on Temporal: replay-safe time and durable timers.</summary>
internal sealed class WorkflowRunbookHost : IRunbookHost
{
    public string WorkflowId => Workflow.Info.WorkflowId;

    public string Namespace => Workflow.Info.Namespace;

    public DateTimeOffset UtcNow => new(Workflow.UtcNow, TimeSpan.Zero);

    public Task<bool> WaitConditionAsync(Func<bool> condition, TimeSpan timeout) =>
        Workflow.WaitConditionAsync(condition, timeout);

    public Task WaitForStepAsync(Task step, Func<bool> interrupt) =>
        Workflow.WaitConditionAsync(() => step.IsCompleted || interrupt());

    public Task WhenAllAsync(IEnumerable<Task> tasks) => Workflow.WhenAllAsync(tasks);

    public MetricMeter Metrics => Workflow.MetricMeter;

    public async Task NotifyAsync(RecoveryEvent recoveryEvent)
    {
        try
        {
            await Workflow.ExecuteActivityAsync((NotifyActivities a) => a.NotifyAsync(recoveryEvent), RecoveryActivityOptions.Notify);
        }
        catch (ActivityFailureException e)
        {
            // A lost notification is logged, never a reason to stop the recovery.
            Workflow.Logger.LogWarning("notification {Kind} for {Database} failed: {Error}", recoveryEvent.Kind, recoveryEvent.Database, RunbookFailures.Message(e));
        }
    }
}
