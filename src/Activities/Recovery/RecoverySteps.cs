using CnpgDrTemporal.Activities.Cluster;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.GitOps;
using Temporalio.Exceptions;
using ClusterSide = CnpgDrTemporal.Activities.Cluster;
using GitSide = CnpgDrTemporal.Activities.GitOps;

namespace CnpgDrTemporal.Activities.Recovery;

/// <summary>
/// The runbook's steps composed from the concerns: git, cluster, data. Each step resolves where the
/// database lives (Application, Cluster) from the read-only preflight, so requests carry only names.
/// </summary>
public sealed class RecoverySteps(
    RecoveryPlanner planner,
    GitOpsActivities git,
    Preflight preflight,
    ArgoRefresh refresh,
    ClusterDelete delete,
    PvcWait pvcWait,
    PvcFinalizers finalizers,
    ArgoSync sync,
    RecoveryWatch watch,
    ClusterSide.LineageProof lineage,
    ConsumerRestart consumers,
    DataActivities data,
    TimeProvider clock) : IRecoverySteps
{
    public Task<RecoveryPlan> PlanAsync(PlanRequest request, CancellationToken ct) => planner.PlanAsync(request, ct);

    public async Task<PushResult> PushAsync(PushRequest request, CancellationToken ct)
    {
        var plan = request.Plan.Git ?? throw new ApplicationFailureException($"plan {request.Plan.PlanHash} carries no git change", RecoveryErrorTypes.InvalidInput, nonRetryable: true);
        var pushed = await git.CommitAndPushAsync(new GitSide.PushRequest(plan, ModeOf(request.Plan.PushMode), plan.PlannedAt)).ConfigureAwait(false);
        return new PushResult(pushed.Sha, pushed.Branch, request.Plan.PushMode == PushMode.Direct);
    }

    public async Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, CancellationToken ct)
    {
        var target = await TargetAsync(request.Database, ct).ConfigureAwait(false);
        var r = await refresh.RunAsync(new ClusterSide.HardRefreshRequest(target.Application, ClusterOf(target).Name), ct).ConfigureAwait(false);
        return new HardRefreshResult(DateTimeOffset.Parse(r.ReconciledAt, System.Globalization.CultureInfo.InvariantCulture), null, r.ClusterSyncStatus == "OutOfSync");
    }

    public async Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, CancellationToken ct)
    {
        var r = await delete.RunAsync(ClusterOf(await TargetAsync(request.Database, ct).ConfigureAwait(false)), ct).ConfigureAwait(false);
        return new DeleteClusterResult(r.ClusterWasPresent, r.PvcsDeleted);
    }

    public async Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, CancellationToken ct)
    {
        var target = await TargetAsync(request.Database, ct).ConfigureAwait(false);
        try
        {
            await pvcWait.RunAsync(ClusterOf(target), ct).ConfigureAwait(false);
            return new PvcWaitResult([]);
        }
        catch (ApplicationFailureException e) when (e.ErrorType == ClusterFailureTypes.PvcsStuckTerminating)
        {
            // Stuck PVCs are a question for a human, not a failure: report them with their finalizers.
            var report = await preflight.RunAsync(request.Database, ct).ConfigureAwait(false);
            return new PvcWaitResult(report.Pvcs.Select(p => new StuckPvc(p.Name, p.Finalizers)).ToList());
        }
    }

    public async Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, CancellationToken ct)
    {
        var target = await TargetAsync(request.Database, ct).ConfigureAwait(false);
        var r = await finalizers.RemoveAsync(new ClusterSide.RemovePvcFinalizersRequest(ClusterOf(target), request.PvcNames), ct).ConfigureAwait(false);
        return new RemovePvcFinalizersResult(r.Released);
    }

    public async Task<SyncResult> SyncAsync(SyncRequest request, CancellationToken ct)
    {
        var target = await TargetAsync(request.Database, ct).ConfigureAwait(false);
        var r = await sync.RunAsync(new ClusterSide.SyncRequest(target.Application, request.Revision), ct).ConfigureAwait(false);
        return new SyncResult(r.Phase, r.Revision, r.Message);
    }

    /// <summary>Watches for one slice; when the slice ends first, returns the progress so far.</summary>
    public async Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, CancellationToken ct)
    {
        var cluster = ClusterOf(await TargetAsync(request.Database, ct).ConfigureAwait(false));
        using var slice = CancellationTokenSource.CreateLinkedTokenSource(ct);
        slice.CancelAfter(request.Slice);
        try
        {
            var r = await watch.RunAsync(cluster, slice.Token).ConfigureAwait(false);
            return new RecoveryProgress(true, r.RestoredFiles, r.LastRestoredFile, r.Phase, r.ConsistentRecovery is not null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var p = watch.LastProgress;
            return new RecoveryProgress(false, p?.RestoredFiles ?? 0, p?.LastLine, null, p?.ConsistentRecovery is not null);
        }
    }

    public Task<ValidationReport> ValidateAsync(ValidateRecoveryRequest request, CancellationToken ct) =>
        data.ValidateAsync(new ValidateRequest(request.Database, new ValidationExpectation(request.ExpectedSystemId, request.SourceTimeline, request.Baseline)));

    public async Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, CancellationToken ct)
    {
        var cluster = ClusterOf(await TargetAsync(request.Database, ct).ConfigureAwait(false));
        var r = await lineage.RunAsync(new LineageProofRequest(cluster), ct).ConfigureAwait(false);
        var proven = r.WriteLineage is null || r.WriteLineage == request.NextLineage;
        return new LineageProof(proven, true, r.BackupId, $"backup {r.BackupName} ({r.Method}) completed on {r.WriteLineage ?? request.NextLineage}");
    }

    public async Task<RestartConsumersResult> RestartConsumersAsync(RestartConsumersRequest request, CancellationToken ct)
    {
        var target = await TargetAsync(request.Database, ct).ConfigureAwait(false);
        var namespaces = request.Namespaces.Count > 0 ? request.Namespaces : target.ConsumerNamespaces;
        if (namespaces.Count == 0)
        {
            return new RestartConsumersResult([]);
        }

        // One restart stamp per day and database keeps a retried activity from restarting twice.
        var stamp = clock.GetUtcNow().ToString("yyyy-MM-ddT00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var r = await consumers.RunAsync(new ConsumerRestartRequest(namespaces, target.ConsumerSelector, stamp), ct).ConfigureAwait(false);
        return new RestartConsumersResult(r.Rollouts.Select(x => $"{x.Namespace}/{x.Name}").ToList());
    }

    public async Task<PushResult> FlipBackAsync(FlipBackRequest request, CancellationToken ct)
    {
        var plan = await git.PlanFlipBackAsync(new GitSide.FlipBackRequest(request.Database)).ConfigureAwait(false);
        var pushed = await git.CommitAndPushAsync(new GitSide.PushRequest(plan, ModeOf(request.PushMode), plan.PlannedAt)).ConfigureAwait(false);
        return new PushResult(pushed.Sha, pushed.Branch, request.PushMode == PushMode.Direct);
    }

    private async Task<ClusterTarget> TargetAsync(string database, CancellationToken ct) =>
        (await preflight.RunAsync(database, ct).ConfigureAwait(false)).Target;

    private static ClusterRef ClusterOf(ClusterTarget target) =>
        target.Cluster ?? throw new ApplicationFailureException($"cannot tell where Cluster of {target.Database} lives: set Dr:Databases:{target.Database}:Namespace", RecoveryErrorTypes.InvalidInput, nonRetryable: true);

    private static GitSide.PushMode ModeOf(PushMode mode) =>
        mode == PushMode.ReviewBranch ? GitSide.PushMode.ReviewBranch : GitSide.PushMode.TrackedBranch;
}
