using CnpgDrTemporal.Activities.Metrics;
using Temporalio.Common;
using Labels = CnpgDrTemporal.Activities.Metrics.MetricNames.Labels;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>
/// The runbook's metrics, published from its status after each change: the state, the approval it
/// waits for (since when), each finished step's duration and outcome, the WAL files restored. On
/// Temporal the meter ignores replays, so each finished step is recorded once.
/// </summary>
internal sealed class RunbookMetrics(MetricMeter meter, string database)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    private static readonly string[] States =
    [
        RunbookStates.Running, RunbookStates.WaitingForApproval, RunbookStates.WaitingForRetarget,
        RunbookStates.WaitingForOperator, RunbookStates.Finished, RunbookStates.Failed,
    ];

    private readonly MetricGauge<long> state = meter.CreateGauge<long>(MetricNames.RecoveryState, null, "1 for the state the recovery of the database is in, 0 for the others");
    private readonly MetricGauge<double> approvalSince = meter.CreateGauge<double>(MetricNames.ApprovalPendingSince, null, "Unix time since which the approval waits, 0 when none");
    private readonly MetricHistogram<double> stepDuration = meter.CreateHistogram<double>(MetricNames.StepDuration, null, "Duration of each finished runbook step (approvals included) by outcome");
    private readonly MetricGauge<long> walFiles = meter.CreateGauge<long>(MetricNames.WalFilesRestored, null, "WAL files the recovering Cluster restored so far");
    private string? lastState;
    private string? approvalStep;
    private int stepsSeen;

    public void Publish(RecoveryStatus status)
    {
        if (status.State != lastState)
        {
            foreach (var s in States)
            {
                state.Set(s == status.State ? 1 : 0, MetricTags.Of(database, (Labels.State, s)));
            }

            lastState = status.State;
        }

        var pending = status.PendingApproval is { } p ? RunbookSteps.ApprovalKey(p.Step) : null;
        if (approvalStep is not null && approvalStep != pending)
        {
            approvalSince.Set(0, MetricTags.Of(database, (Labels.Step, approvalStep)));
        }

        if (status.PendingApproval is { } a && pending != approvalStep)
        {
            approvalSince.Set(a.Since.ToUnixTimeMilliseconds() / 1000.0, MetricTags.Of(database, (Labels.Step, pending!)));
        }

        approvalStep = pending;
        foreach (var step in status.Finished.Skip(stepsSeen))
        {
            stepDuration.Record((step.EndedAt - step.StartedAt).TotalSeconds, MetricTags.Of(database, (Labels.Step, step.Step), (Labels.Outcome, OutcomeOf(step))));
        }

        stepsSeen = status.Finished.Count;
        if (status.Progress is { } progress)
        {
            walFiles.Set(progress.RestoredFiles, MetricTags.Of(database));
        }
    }

    public static string OutcomeOf(StepRecord step) =>
        step.Result.StartsWith("failed", StringComparison.Ordinal) || step.Result.StartsWith("recovery target unreachable", StringComparison.Ordinal) ? Failed
        : step.Result.StartsWith("cancelled", StringComparison.Ordinal) ? Cancelled
        : Ok;

}
