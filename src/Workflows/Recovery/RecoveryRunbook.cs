using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Exceptions;
using static CnpgDrTemporal.Workflows.Recovery.RunbookFailures;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>
/// The in-place recovery runbook of design section 1 as decisions: which step runs next, which
/// approval gates it, what a refusal, an unreachable target or a stop does. Deterministic and free
/// of Temporal statics: <see cref="RecoveryWorkflow"/> runs it on activities and durable timers,
/// tests run it on fakes. Destructive steps run only after the matching approval.
/// </summary>
public sealed partial class RecoveryRunbook
{
    public const int MaxFinalizerRounds = 3;

    private readonly RecoveryInput input;
    private readonly IRecoverySteps steps;
    private readonly IRunbookHost host;
    private CancellationToken ct;

    public RecoveryRunbook(RecoveryInput input, IRecoverySteps steps, IRunbookHost host)
    {
        this.input = input;
        this.steps = steps;
        this.host = host;
        Inbox = new RunbookInbox(input, () => host.UtcNow);
    }

    /// <summary>Signals and updates go here.</summary>
    public RunbookInbox Inbox { get; }

    private string Db => input.Database;

    public async Task<RecoveryResult> RunAsync(CancellationToken cancellationToken = default)
    {
        ct = cancellationToken;
        CheckInput();
        try
        {
            return await FinishAsync(await RunbookAsync());
        }
        catch (RunbookStoppedException stopped)
        {
            return await FinishAsync(stopped.Result);
        }
        catch (FailureException e) when (!TemporalException.IsCanceledException(e))
        {
            // Only domain failures end the run as failed; a bug in this code (any other exception)
            // fails the workflow task, which Temporal retries until a fixed worker carries the run on,
            // and a cancellation ends it as Canceled.
            await FailAsync(e);
            throw;
        }
    }

    private async Task<RecoveryResult> RunbookAsync()
    {
        // 0. Plan (read-only): catalog, GitOps dir, preflight guards, baseline.
        var plan = await PlanAsync(new PlanRequest(Db, input.SourceLineage, input.BackupId, input.TargetTime, input.NextLineage, input.PushMode, input.ConsumerNamespaces, input.WalMaxParallel));
        if (input.DryRun)
        {
            return Ended(RecoveryOutcome.DryRun, $"dry run: plan {plan.PlanHash} computed, nothing changed");
        }

        await ApprovalAsync(RunbookSteps.Plan, plan, $"commit and push the recovery of {Db} into lineage {plan.NextLineage}");
        while (true)
        {
            // 1. Git commit + push, 2. hard refresh of the Argo CD application.
            var revision = await PublishAsync(plan);

            // 3. Approval of exactly the pinned objects, 4. their delete (re-checked at that moment).
            plan = await DeleteAsync(plan);

            // 5. Wait for the PVCs to go (stuck ones need their own approval).
            await WaitPvcsGoneAsync(plan);

            // 6. Sync to the pushed revision, 7. watch the recovery job.
            await SyncAsync(revision);
            if (await WatchRecoveryAsync(plan) is not { } unreachable)
            {
                break;
            }

            // Target past the archived WAL: a human picks a new one (or aborts); re-plan, re-push, re-approve.
            var retarget = await RetargetAsync(plan, unreachable);
            plan = await PlanAsync(new PlanRequest(Db, retarget.SourceLineage ?? plan.SourceLineage, retarget.BackupId, retarget.TargetTime, null, input.PushMode, input.ConsumerNamespaces, input.WalMaxParallel));
        }

        // 8. Validate SQL against the backup's systemid and the baseline.
        ValidationReport report;
        while (!(report = await StepAsync(RunbookSteps.Validate, s => steps.ValidateAsync(new ValidateRequest(Db, new ValidationExpectation(plan.ExpectedSystemId, plan.SourceTimeline, plan.Baseline)), s), r => $"{r.Checks.Count(x => x.Passed)}/{r.Checks.Count} checks passed")).Passed)
        {
            validation = report;
            await ParkOrFailAsync(RunbookSteps.Validate, RecoveryErrorTypes.ValidationFailed, $"validation of {Db} failed: {string.Join("; ", report.Checks.Where(x => !x.Passed).Select(x => $"{x.Name}: expected {x.Expected}, got {x.Actual}"))}");
        }

        validation = report;

        // 9. Prove the new lineage: archiving on, a first backup done.
        LineageProof proof;
        while (!(proof = await StepAsync(RunbookSteps.ProveLineage, s => steps.ProveLineageAsync(new ProveLineageRequest(Db, plan.NextLineage), s), p => p.Detail)).Proven)
        {
            await ParkOrFailAsync(RunbookSteps.ProveLineage, RecoveryErrorTypes.LineageNotProven, $"lineage {plan.NextLineage} of {Db} not proven: {proof.Detail}");
        }

        // 10. Restart the consumers, 11. optionally flip the flag back to initdb.
        if ((input.ConsumerNamespaces ?? plan.ConsumerNamespaces) is { Count: > 0 } consumers)
        {
            await StepAsync(RunbookSteps.RestartConsumers, s => steps.RestartConsumersAsync(new RestartConsumersRequest(Db, consumers), s), r => $"restarted {List(r.Rollouts.Select(x => $"{x.Namespace}/{x.Name}").ToList())}");
        }

        if (input.FlipBackAfterSuccess)
        {
            await StepAsync(RunbookSteps.FlipBack, s => steps.FlipBackAsync(new FlipBackRequest(Db, plan.PlanHash, input.PushMode), s), p => $"flag back on initdb: {Short(p.Sha)} on {p.Branch}");
        }

        return Ended(RecoveryOutcome.Recovered, $"{Db} recovered from {plan.SourceLineage} into {plan.NextLineage}");
    }

    private async Task<RecoveryPlan> PlanAsync(PlanRequest request)
    {
        var planned = await StepAsync(RunbookSteps.Plan, s => steps.PlanAsync(request, s), p => p.RefusalReason() is { } r ? $"refused: {r}" : $"plan {p.PlanHash}: {OneLine(p.Summary)}");
        if (planned.RefusalReason() is { } refusal)
        {
            throw NonRetryable(RecoveryErrorTypes.PlanRefused, $"plan for {Db} refused: {refusal}");
        }

        plan = planned;
        timings = planned.Timings ?? StepTimings.Default;
        return planned;
    }

    /// <summary>Push, wait for the merge of a review branch, hard refresh. Returns the revision to sync.</summary>
    private async Task<string> PublishAsync(RecoveryPlan plan)
    {
        var pushed = await StepAsync(RunbookSteps.Push, s => steps.PushAsync(PushRequestOf(plan), s), p => $"pushed {Short(p.Sha)} to {p.Branch}");
        pushedSha = pushed.Sha;
        if (!pushed.OnTrackedBranch)
        {
            await ApprovalAsync(RunbookSteps.Merge, plan, $"merge review branch {pushed.Branch} ({Short(pushed.Sha)}) into the branch Argo CD tracks, then approve");
        }

        var refresh = await StepAsync(RunbookSteps.HardRefresh, s => steps.HardRefreshAsync(new HardRefreshRequest(Db), s), r => $"reconciled at {r.ReconciledAt:O}, revision {Short(r.Revision)}, Cluster {(r.ClusterOutOfSync ? "OutOfSync" : "Synced")}");
        return pushed.OnTrackedBranch ? pushed.Sha
            : refresh.Revision ?? throw NonRetryable(RecoveryErrorTypes.GuardRefused, $"after the merge of {pushed.Branch} Argo CD reports no revision for {Db}: nothing to pin the sync to");
    }

    /// <summary>
    /// Asks for the approval of the delete of the objects the plan pinned (namespace, Cluster UID, PVCs),
    /// then deletes them. When the delete finds them changed (re-created, new PVCs, a guard now refusing)
    /// it deletes nothing; the plan is pinned anew, with a new hash, and the human is asked again.
    /// </summary>
    private async Task<RecoveryPlan> DeleteAsync(RecoveryPlan plan)
    {
        while (true)
        {
            var target = plan.Target ?? throw NonRetryable(RecoveryErrorTypes.InvalidInput, $"plan {plan.PlanHash} pins no Cluster of {Db} to delete: set Dr:Databases:{Db}:Namespace when its Application is missing");
            await ApprovalAsync(RunbookSteps.Delete, plan, $"delete {target.Describe()}, then recover from {plan.SourceLineage}");
            try
            {
                await StepAsync(RunbookSteps.Delete, s => steps.DeleteClusterAsync(new DeleteClusterRequest(Db, plan.PlanHash, target), s), r => $"Cluster deleted: {r.ClusterWasPresent}; PVCs deleted: {List(r.PvcsDeleted)}");
                clusterDeleted = true;
                return plan;
            }
            catch (Exception e) when (TypeOf(e) == ClusterFailureTypes.TargetChanged)
            {
                var now = RunbookFailures.DetailOf<DeleteTarget>(e);
                clusterDeleted |= target.ClusterUid is not null && now is { ClusterUid: null };
                var repinned = plan with { Target = now };
                plan = repinned with { PlanHash = RecoveryPlanHash.Of(repinned) };
                this.plan = plan;
                await NotifyAsync(RecoveryEventKinds.StepFailed, RunbookSteps.Delete, $"{Db}: {Message(e)}");
            }
        }
    }

    /// <summary>The push gets only the git part of the plan (payloads stay small).</summary>
    private static PushRequest PushRequestOf(RecoveryPlan plan) =>
        plan.Git is { } git
            ? new PushRequest(git, plan.PushMode, git.PlannedAt)
            : throw NonRetryable(RecoveryErrorTypes.InvalidInput, $"plan {plan.PlanHash} of {plan.Database} carries no git change");

    private async Task WaitPvcsGoneAsync(RecoveryPlan plan)
    {
        for (var attempt = 1; ; attempt++)
        {
            var wait = await StepAsync(RunbookSteps.WaitPvcsGone, s => steps.WaitPvcsGoneAsync(new WaitPvcsGoneRequest(Db, timings.PvcStuckAfter), s), r => r.Stuck.Count == 0 ? "all PVCs gone" : $"stuck: {Describe(r.Stuck)}");
            stuckPvcs = wait.Stuck;
            if (wait.Stuck.Count == 0)
            {
                return;
            }

            if (attempt > MaxFinalizerRounds)
            {
                await ParkOrFailAsync(RunbookSteps.WaitPvcsGone, RecoveryErrorTypes.PvcsStuck, $"PVCs of {Db} still present after {MaxFinalizerRounds} finalizer removals: {Describe(wait.Stuck)}");
                attempt = 0;
                continue;
            }

            var names = wait.Stuck.Select(p => p.Name).ToList();
            await ApprovalAsync(RunbookSteps.RemoveFinalizers, plan, $"remove the finalizers of stuck PVCs {Describe(wait.Stuck)}");
            await StepAsync(RunbookSteps.RemoveFinalizers, s => steps.RemovePvcFinalizersAsync(new RemovePvcFinalizersRequest(Db, names), s), r => $"patched {List(r.Released)}");
        }
    }

    private async Task SyncAsync(string revision)
    {
        SyncResult sync;
        while ((sync = await StepAsync(RunbookSteps.Sync, s => steps.SyncAsync(new SyncRequest(Db, revision), s), r => $"{r.Phase} at {Short(r.Revision)}")).Phase != "Succeeded")
        {
            await ParkOrFailAsync(RunbookSteps.Sync, RecoveryErrorTypes.GuardRefused, $"sync of {Db} to {Short(revision)} ended {sync.Phase}: {sync.Message}");
        }
    }

    /// <summary>Null when recovered; the failure message when the target was unreachable.</summary>
    private async Task<string?> WatchRecoveryAsync(RecoveryPlan plan)
    {
        var started = host.UtcNow;
        var deadline = started + input.EffectiveRecoveryTimeout;
        progress = null;
        try
        {
            while (progress is not { Done: true })
            {
                if (host.UtcNow >= deadline)
                {
                    await ParkOrFailAsync(RunbookSteps.WatchRecovery, RecoveryErrorTypes.RecoveryTimedOut, $"recovery of {Db} not done after {input.EffectiveRecoveryTimeout}; last log line: {progress?.LastLine ?? "none"}");
                    deadline = host.UtcNow + input.EffectiveRecoveryTimeout;
                }

                // Each slice resumes from the previous one: log positions, WAL count, the watch's start.
                var from = progress;
                progress = await StepAsync(
                    RunbookSteps.WatchRecovery,
                    s => steps.WatchRecoveryAsync(new WatchRecoveryRequest(Db, plan.ExpectedSystemId, from, timings.WatchSlice), s),
                    Describe,
                    listed: false,
                    parks: e => TypeOf(e) != RecoveryErrorTypes.RecoveryTargetUnreachable);
            }
        }
        catch (Exception e) when (TypeOf(e) == RecoveryErrorTypes.RecoveryTargetUnreachable)
        {
            var why = Message(e);
            finished.Add(new StepRecord(RunbookSteps.WatchRecovery, round, started, host.UtcNow, $"recovery target unreachable: {why}"));
            return why;
        }

        finished.Add(new StepRecord(RunbookSteps.WatchRecovery, round, started, host.UtcNow, Describe(progress)));
        return null;
    }
}
