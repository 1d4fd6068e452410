using System.Globalization;
using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// The activities of <c>RecoveryWorkflow</c> (and of the rebuild's per-database runs): one per runbook
/// step of <see cref="IRecoverySteps"/>, with the same request and result types, each calling the
/// helper of the system it acts on. Requests carry only the database name; each
/// cluster step resolves where the database lives (Application, Cluster) with the read-only preflight,
/// so a step run on another worker, or a day later, acts on what is there now.
/// </summary>
public sealed class RecoveryActivities(
    RecoveryPlanner planner,
    GitOpsRepo git,
    Preflight preflight,
    ArgoRefresh refresh,
    ClusterDelete delete,
    PvcWait pvcWait,
    PvcFinalizers finalizers,
    ArgoSync sync,
    RecoveryWatch watch,
    LineageProver lineage,
    ConsumerRestart consumers,
    DataProof data,
    TimeProvider clock)
{
    [Activity("RecoveryPlan")]
    public Task<RecoveryPlan> PlanAsync(PlanRequest request) => planner.PlanAsync(request, Ct);

    [Activity("RecoveryPush")]
    public Task<PushResult> PushAsync(PushRequest request) => git.PushAsync(request, Ct);

    [Activity("RecoveryHardRefresh")]
    public async Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request)
    {
        var target = await TargetAsync(request.Database).ConfigureAwait(false);
        return await refresh.RunAsync(target.Application, ClusterOf(target).Name, Ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-checks, at the moment of deletion, what the human approved: the Argo guards, the Cluster's and
    /// the PVCs' UIDs. Any change deletes nothing and fails with <c>TargetChanged</c>, carrying the new
    /// facts for a new approval; otherwise deletes exactly the approved objects, with UID preconditions.
    /// </summary>
    [Activity("RecoveryDeleteCluster")]
    public async Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request)
    {
        var report = await preflight.RunAsync(request.Database, Ct).ConfigureAwait(false);
        var now = report.PinnedTarget();
        var reasons = report.Refusals.Select(f => $"{f.Code}: {f.Message}").ToList();
        if ((now is null ? $"the Cluster of {request.Database} cannot be placed any more" : request.Target.ChangeFrom(now)) is { } change)
        {
            reasons.Insert(0, change);
        }

        if (reasons.Count > 0)
        {
            throw ClusterFailures.NonRetryable(ClusterFailureTypes.TargetChanged, $"nothing deleted: {string.Join("; ", reasons)}. Approve the delete again with the new facts", now);
        }

        return await delete.RunAsync(request.Target, Ct).ConfigureAwait(false);
    }

    [Activity("RecoveryWaitPvcsGone")]
    public async Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request)
    {
        var ct = Ct;
        var cluster = ClusterOf(await TargetAsync(request.Database).ConfigureAwait(false));
        using var stuckAfter = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stuckAfter.CancelAfter(request.StuckAfter);
        try
        {
            return await pvcWait.RunAsync(cluster, stuckAfter.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException && !ct.IsCancellationRequested
            || e is ApplicationFailureException { ErrorType: ClusterFailureTypes.PvcsStuckTerminating })
        {
            // PVCs still there after the threshold are a question for a human (remove-finalizers), not a failure.
            var stuck = await pvcWait.RemainingAsync(cluster, ct).ConfigureAwait(false);
            return new PvcWaitResult(stuck, (int)request.StuckAfter.TotalSeconds);
        }
    }

    [Activity("RecoveryRemovePvcFinalizers")]
    public async Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request) =>
        await finalizers.RemoveAsync(ClusterOf(await TargetAsync(request.Database).ConfigureAwait(false)), request.PvcNames, Ct).ConfigureAwait(false);

    [Activity("RecoverySync")]
    public async Task<SyncResult> SyncAsync(SyncRequest request) =>
        await sync.RunAsync((await TargetAsync(request.Database).ConfigureAwait(false)).Application, request.Revision, Ct).ConfigureAwait(false);

    /// <summary>Watches for one slice; when the slice ends first, returns the progress so far.</summary>
    [Activity("RecoveryWatchRecovery")]
    public async Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request)
    {
        var ct = Ct;
        var cluster = ClusterOf(await TargetAsync(request.Database).ConfigureAwait(false));
        using var slice = CancellationTokenSource.CreateLinkedTokenSource(ct);
        slice.CancelAfter(request.Slice);
        try
        {
            return await watch.RunAsync(cluster, request.ResumeFrom, slice.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The slice ended: the progress (log positions, start of the watch) goes to the next slice.
            return watch.LastProgress ?? request.ResumeFrom ?? RecoveryProgress.Empty;
        }
    }

    [Activity("RecoveryValidate")]
    public async Task<ValidationReport> ValidateAsync(ValidateRequest request)
    {
        // Compared in full against the live server; what travels back is bounded like the baseline.
        var report = await data.ValidateAsync(request, Ct).ConfigureAwait(false);
        return report with { Observed = report.Observed?.ForPayload() };
    }

    [Activity("RecoveryProveLineage")]
    public async Task<LineageProof> ProveLineageAsync(ProveLineageRequest request)
    {
        var cluster = ClusterOf(await TargetAsync(request.Database).ConfigureAwait(false));
        // Named after the workflow run: an attempt that died before its first heartbeat is retried onto the same Backup.
        var backupName = ActivityRun.Tag() is { } run ? $"{cluster.Name}-proof-{run}" : null;
        return await lineage.RunAsync(cluster, request.NextLineage, backupName, Ct).ConfigureAwait(false);
    }

    [Activity("RecoveryRestartConsumers")]
    public async Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request)
    {
        var target = await TargetAsync(request.Database).ConfigureAwait(false);
        var namespaces = request.Namespaces.Count > 0 ? request.Namespaces : target.ConsumerNamespaces;
        if (namespaces.Count == 0)
        {
            return new ConsumerRestartResult([]);
        }

        // One restart stamp per day and database keeps a retried activity from restarting twice.
        var stamp = clock.GetUtcNow().ToString("yyyy-MM-ddT00:00:00Z", CultureInfo.InvariantCulture);
        return await consumers.RunAsync(namespaces, target.ConsumerSelector, stamp, Ct).ConfigureAwait(false);
    }

    [Activity("RecoveryFlipBack")]
    public async Task<PushResult> FlipBackAsync(FlipBackRequest request)
    {
        var plan = await git.PlanFlipBackAsync(request.Database, Ct).ConfigureAwait(false);
        return await git.PushAsync(new PushRequest(plan, request.PushMode, plan.PlannedAt), Ct).ConfigureAwait(false);
    }

    private static CancellationToken Ct => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;

    private async Task<ClusterTarget> TargetAsync(string database) =>
        (await preflight.RunAsync(database, Ct).ConfigureAwait(false)).Target;

    private static ClusterRef ClusterOf(ClusterTarget target) =>
        target.Cluster ?? throw new ApplicationFailureException($"cannot tell where Cluster of {target.Database} lives: set Dr:Databases:{target.Database}:Namespace", RecoveryErrorTypes.InvalidInput, nonRetryable: true);
}
