using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Workflows.Migration;

/// <summary>
/// The move of one database's backups to the Barman Cloud plugin, deterministic and free of Temporal:
/// plan → approval <c>plan</c> → S3 mark → push (review branch: approval <c>merge</c>) → hard refresh →
/// sync to the pushed SHA → prove (ContinuousArchiving and a plugin Backup on the Cluster, then a new WAL
/// segment and that backup in the same lineage with the same systemid in S3). Nothing is deleted. A failure
/// after the push parks the run with its evidence: <c>retry</c> runs the step again, <c>revert</c> pushes
/// the one-commit revert and syncs it, <c>abort</c> ends the run and leaves git as it is.
/// </summary>
public sealed class MigrationRunbook
{
    public const string MarkArchive = "mark-archive";
    public const string ProveArchive = "prove-archive";
    public const string Revert = "revert";

    private readonly MigrationInput input;
    private readonly IMigrationSteps steps;
    private readonly IRecoverySteps cluster;
    private readonly IRunbookHost host;
    private readonly List<StepRecord> finished = [];
    private readonly List<RefusedSignal> refused = [];
    private readonly List<string> evidence = [];
    private string state = RunbookStates.Running;
    private string? current;
    private MigrationPlan? plan;
    private PendingApproval? pending;
    private string? pushedSha;
    private MigrationOutcome? outcome;
    private bool parked;
    private RevertRequest? revert;

    public MigrationRunbook(MigrationInput input, IMigrationSteps steps, IRecoverySteps cluster, IRunbookHost host)
    {
        this.input = input;
        this.steps = steps;
        this.cluster = cluster;
        this.host = host;
        Inbox = new RunbookInbox(input.ForInbox(), () => host.UtcNow);
    }

    public RunbookInbox Inbox { get; }

    public MigrationStatus Status => new(
        input.Database, state, current, plan?.PlanHash, plan?.Summary, plan?.RenderedDifference, pushedSha, [.. finished], pending,
        [.. Inbox.Refused, .. refused], [.. evidence], parked ? ParkedCommands() : [], outcome);

    /// <summary>Signal <c>revert</c>: accepted only while the run is parked after the push.</summary>
    public void OfferRevert(RevertRequest request)
    {
        if (!parked || revert is not null)
        {
            refused.Add(new RefusedSignal(Revert, "no revert is awaited: the run offers one only when it parked after a failure past the push", host.UtcNow));
            return;
        }

        revert = request;
    }

    public async Task<MigrationResult> RunAsync(CancellationToken ct = default)
    {
        var problems = input.Problems().ToList();
        if (host.WorkflowId != MigrationInput.WorkflowIdFor(input.Database))
        {
            problems.Add($"workflow ID is '{host.WorkflowId}': start the migration of {input.Database} with --workflow-id {MigrationInput.WorkflowIdFor(input.Database)} (one migration per database)");
        }

        if (problems.Count > 0)
        {
            throw RunbookFailures.NonRetryable(RecoveryErrorTypes.InvalidInput, $"migration input refused: {string.Join("; ", problems)}");
        }

        var quick = new StepContext(StepTimings.Default, ct);
        plan = await Step(RunbookSteps.Plan, () => steps.PlanAsync(new MigrationRequest(input.Database, input.Options, input.PushMode), quick), p => p.Summary);
        if (plan.Refusal is { } refusal || plan.Git is null)
        {
            return Finish(plan.AlreadyMigrated ? MigrationOutcome.AlreadyMigrated : MigrationOutcome.Refused, plan.Refusal ?? "the plan has no change");
        }

        var step = new StepContext(plan.Timings, ct);
        var git = plan.Git;
        if (await ApprovalAsync(RunbookSteps.Plan, $"move {input.Database}'s backups to the Barman Cloud plugin, lineage {plan.WriteLineage} unchanged") is { } stopped)
        {
            return stopped;
        }

        var mark = await Step(MarkArchive, () => steps.MarkArchiveAsync(new MarkArchiveRequest(input.Database, plan.WriteLineage), step), m => $"{m.Lineage}: WAL {m.LastWal ?? "none"}, {m.BackupIds.Count} backup(s)");
        if (Inbox.Stop is { } early)
        {
            return Finish(early.Outcome == RecoveryOutcome.Rejected ? MigrationOutcome.Rejected : MigrationOutcome.Aborted, $"stopped before the push by {early.Request.By ?? "someone"}: {early.Request.Reason ?? "no reason given"}");
        }

        var pushed = await Step(RunbookSteps.Push, () => steps.PushAsync(new PushRequest(git, input.PushMode, git.PlannedAt), step), p => $"{p.Sha} on {p.Branch}");
        pushedSha = pushed.Sha;
        if (!pushed.OnTrackedBranch && await ApprovalAsync(RunbookSteps.Merge, $"merge review branch {pushed.Branch} ({pushed.Sha}) into the branch Argo CD tracks, then approve") is { } notMerged)
        {
            return notMerged;
        }

        ArchiveProof? proof = null;
        string? backupId = null;
        var stages = new (string Name, Func<Task<string>> Run)[]
        {
            (RunbookSteps.HardRefresh, async () => Refreshed(await cluster.HardRefreshAsync(new HardRefreshRequest(input.Database), step))),
            (RunbookSteps.Sync, async () => Synced(await cluster.SyncAsync(new SyncRequest(input.Database, pushed.Sha), step))),
            (RunbookSteps.ProveLineage, async () =>
            {
                var lineage = await cluster.ProveLineageAsync(new ProveLineageRequest(input.Database, plan.WriteLineage), step);
                backupId = lineage.BackupId;
                return lineage.Proven ? lineage.Detail : throw RunbookFailures.NonRetryable(MigrationErrorTypes.NotProven, lineage.Detail);
            }),
            (ProveArchive, async () =>
            {
                proof = await steps.ProveArchiveAsync(new ProveArchiveRequest(input.Database, mark, backupId, plan.ArchiveWait), step);
                return proof.Proven ? proof.Detail : throw RunbookFailures.NonRetryable(MigrationErrorTypes.NotProven, proof.Detail);
            }),
        };
        for (var i = 0; i < stages.Length;)
        {
            try
            {
                await Step(stages[i].Name, stages[i].Run, r => r);
                i++;
            }
            catch (Exception e) when (e is FailureException && !ct.IsCancellationRequested)
            {
                var decision = await ParkAsync(stages[i].Name, RunbookFailures.Message(e));
                if (decision is not null)
                {
                    return await decision;
                }
            }
        }

        return Finish(MigrationOutcome.Migrated, $"{plan.WriteLineage} archives through the plugin: {proof?.Detail}", proof);

        // Parked: retry (null, the loop runs the step again), revert or stop.
        async Task<Task<MigrationResult>?> ParkAsync(string failedStep, string why)
        {
            evidence.Add($"{failedStep}: {why}");
            state = RunbookStates.WaitingForOperator;
            parked = true;
            revert = null;
            Inbox.OpenRetry();
            try
            {
                await host.NotifyAsync(new RecoveryEvent(RecoveryEventKinds.StepFailed, input.Database, host.WorkflowId, failedStep, $"migration of {input.Database} parked at {failedStep}: {why}; revert {pushedSha} is ready", host.UtcNow, ParkedCommands()[0]));
                await host.WaitConditionAsync(() => Inbox.HasRetry || revert is not null || Inbox.Stop is not null, TimeSpan.FromDays(30));
            }
            finally
            {
                parked = false;
                Inbox.CloseRetry();
                state = RunbookStates.Running;
            }

            if (revert is { } r)
            {
                return RevertAsync(r, step);
            }

            if (Inbox.TakeRetry() is not null)
            {
                return null;
            }

            var stop = Inbox.Stop;
            return Task.FromResult(Finish(MigrationOutcome.Aborted, $"stopped at {failedStep} by {stop?.Request.By ?? "someone"}: {stop?.Request.Reason ?? "no reason given"}; git left at {pushedSha}", proof));
        }
    }

    private async Task<MigrationResult> RevertAsync(RevertRequest request, StepContext step)
    {
        var reverted = await Step(Revert, () => steps.RevertAsync(new RevertMigrationRequest(input.Database, pushedSha!), step), p => $"{p.Sha} on {p.Branch}");
        await Step(RunbookSteps.HardRefresh, () => cluster.HardRefreshAsync(new HardRefreshRequest(input.Database), step), Refreshed);
        await Step(RunbookSteps.Sync, () => cluster.SyncAsync(new SyncRequest(input.Database, reverted.Sha), step), Synced);
        return Finish(MigrationOutcome.Reverted, $"reverted by {request.By ?? "someone"} ({request.Reason ?? "no reason given"}): {reverted.Sha} undoes {pushedSha}", null) with { RevertSha = reverted.Sha };
    }

    private static string Refreshed(Activities.Argo.HardRefreshResult r) => $"reconciled at {r.ReconciledAt:O}, revision {r.Revision ?? "-"}, Cluster {r.ClusterSyncStatus}";

    private static string Synced(Activities.Argo.SyncResult r) => $"{r.Phase} at {r.Revision}";

    private IReadOnlyList<string> ParkedCommands() =>
    [
        OperatorCommands.Signal(host.Namespace, host.WorkflowId, Revert, new RevertRequest(OperatorCommands.ApproverPlaceholder, "why")),
        OperatorCommands.Retry(host.Namespace, host.WorkflowId),
        OperatorCommands.Abort(host.Namespace, host.WorkflowId),
    ];

    /// <summary>Waits for the matching approval; returns the end result on reject, abort or timeout, null when approved.</summary>
    private async Task<MigrationResult?> ApprovalAsync(string step, string why)
    {
        var since = host.UtcNow;
        var template = new Approval(step, input.Database, plan!.PlanHash!, OperatorCommands.ApproverPlaceholder, "why you approve");
        pending = new PendingApproval(
            step, input.Database, plan.PlanHash!, why, plan.Summary, plan.Git!.Diff, since, since + input.EffectiveApprovalTimeout,
            OperatorCommands.Approve(host.Namespace, host.WorkflowId, template),
            OperatorCommands.ApproveUpdate(host.Namespace, host.WorkflowId, template),
            OperatorCommands.Reject(host.Namespace, host.WorkflowId));
        state = RunbookStates.WaitingForApproval;
        Inbox.Expect(step, plan.PlanHash!);
        try
        {
            await host.NotifyAsync(new RecoveryEvent(RecoveryEventKinds.ApprovalNeeded, input.Database, host.WorkflowId, step, $"approval '{step}' needed for the backup migration of {input.Database} (plan {plan.PlanHash}): {why}", since, pending.ApproveCommand));
            var decided = await host.WaitConditionAsync(() => Inbox.HasApproval || Inbox.Stop is not null, input.EffectiveApprovalTimeout);
            if (Inbox.Stop is { } stop)
            {
                return Finish(stop.Outcome == RecoveryOutcome.Rejected ? MigrationOutcome.Rejected : MigrationOutcome.Aborted, $"{step}: stopped by {stop.Request.By ?? "someone"}: {stop.Request.Reason ?? "no reason given"}");
            }

            if (!decided)
            {
                return Finish(MigrationOutcome.TimedOut, $"no approval '{step}' within {input.EffectiveApprovalTimeout}");
            }

            var approval = Inbox.TakeApproval()!;
            finished.Add(new StepRecord(RunbookSteps.ApprovalKey(step), 1, since, host.UtcNow, $"approved by {approval.Approver}"));
            state = RunbookStates.Running;
            return null;
        }
        finally
        {
            Inbox.CloseApproval();
            pending = null;
        }
    }

    private async Task<T> Step<T>(string name, Func<Task<T>> run, Func<T, string> describe)
    {
        current = name;
        var started = host.UtcNow;
        var result = await run();
        finished.Add(new StepRecord(name, 1, started, host.UtcNow, describe(result)));
        current = null;
        return result;
    }

    private MigrationResult Finish(MigrationOutcome end, string reason, ArchiveProof? proof = null)
    {
        outcome = end;
        state = RunbookStates.Finished;
        current = null;
        return new MigrationResult(end, input.Database, reason, plan?.PlanHash, pushedSha, null, proof);
    }
}
