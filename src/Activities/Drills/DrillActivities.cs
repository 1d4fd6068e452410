using CnpgDrTemporal.Activities.Notify;
using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Drills;

/// <summary>Drill activities: the restore test itself and its report to the webhook.</summary>
public sealed class DrillActivities(LocalDrill local, ClusterDrill cluster, WebhookNotifier notifier, TimeProvider clock)
{
    public const string ReportKind = "drill-report";

    [Activity]
    public Task<DrillReport> RunLocalDrillAsync(DrillInput input) =>
        local.RunAsync(input, ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default);

    [Activity]
    public Task<DrillReport> RunClusterDrillAsync(DrillInput input) =>
        cluster.RunAsync(input, ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default);

    [Activity]
    public Task<bool> PostDrillReportAsync(DrillReport report) =>
        notifier.PostAsync(
            new RecoveryEvent(ReportKind, report.Database, $"cnpg-dr-drill-{report.Database}", null, $"drill {report.Verdict}: {report.Lineage}@{report.BackupId}, RPO {report.Rpo}, restore {report.RestoreDuration}{(report.RatesText() is { Length: > 0 } rates ? ", " + rates : string.Empty)}{(report.Failure is null ? string.Empty : ", " + report.Failure)}", clock.GetUtcNow()),
            ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default);
}
