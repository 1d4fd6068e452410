using CnpgDrTemporal.Activities.Notify;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Workflows.Rebuild;

/// <summary>
/// The cluster-nuke rebuild, deterministic and free of Temporal: plan → ONE approval <c>plan</c> of the
/// combined plan hash → one commit → one child run per database, at most <see cref="RebuildInput.MaxParallel"/>
/// at a time. No step deletes anything. A skipped or failed database never stops the others.
/// </summary>
public sealed class RebuildRunbook
{
    /// <summary>How long a database waits for a free slot before the run gives up on it.</summary>
    public static readonly TimeSpan SlotWait = TimeSpan.FromDays(30);

    private readonly RebuildInput input;
    private readonly IRebuildSteps steps;
    private readonly IRunbookHost host;
    private readonly SortedDictionary<string, DatabaseState> databases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RebuildDatabaseResult> results = new(StringComparer.Ordinal);
    private string state = RunbookStates.Running;
    private RebuildPlan? plan;
    private string? pushedSha;
    private PendingApproval? pending;
    private RebuildOutcome? outcome;
    private int running;

    public RebuildRunbook(RebuildInput input, IRebuildSteps steps, IRunbookHost host)
    {
        this.input = input;
        this.steps = steps;
        this.host = host;

        // The recovery's inbox, keyed on the "all databases" approval: same checks, same refusal record.
        Inbox = new RunbookInbox(new RecoveryInput(RebuildInput.AllDatabases, FourEyes: input.FourEyes, InitiatedBy: input.InitiatedBy), () => host.UtcNow);
    }

    public RunbookInbox Inbox { get; }

    public RebuildStatus Status => new(state, plan?.PlanHash, plan?.Summary, pushedSha, pending, Inbox.Refused, databases.Values.ToList(), outcome);

    public async Task<RebuildResult> RunAsync()
    {
        if (input.Problems() is { Count: > 0 } problems)
        {
            throw RunbookFailures.NonRetryable(RecoveryErrorTypes.InvalidInput, string.Join("; ", problems));
        }

        plan = await steps.PlanAsync(input.Request);
        foreach (var e in plan.Entries)
        {
            var skipped = e.Action == RebuildAction.Skip;
            databases[e.Database] = new DatabaseState(e.Database, e.Action, skipped ? RebuildStates.Skipped : RebuildStates.Planned, e.Reason);
            if (skipped)
            {
                results[e.Database] = new RebuildDatabaseResult(e.Database, e.Action, DatabaseOutcome.Skipped, e.Reason);
            }
        }

        var runnable = plan.Entries.Where(e => e.Action != RebuildAction.Skip).ToList();
        if (runnable.Count == 0)
        {
            return Finish(RebuildOutcome.NothingToDo, "every database is skipped: nothing committed");
        }

        if (await ApprovalAsync(RunbookSteps.Plan, $"rebuild {runnable.Count} database(s): {string.Join(", ", runnable.Select(e => $"{e.Database} ({e.Action.ToString().ToLowerInvariant()})"))}") is { } stopped)
        {
            return stopped;
        }

        var pushed = await steps.PushAsync(new PushRebuildRequest(plan));
        pushedSha = pushed.Sha;
        if (!pushed.OnTrackedBranch && await ApprovalAsync(RunbookSteps.Merge, $"merge review branch {pushed.Branch} ({pushed.Sha}) into the branch Argo CD tracks, then approve") is { } notMerged)
        {
            return notMerged;
        }

        await RunDatabasesAsync(runnable, pushed.Sha);
        var failed = results.Values.Count(r => r.Outcome == DatabaseOutcome.Failed);
        return Inbox.Stop is { } stop
            ? Finish(Stopped(stop.Outcome), $"stopped by {stop.Request.By ?? "someone"}: {stop.Request.Reason ?? "no reason given"}")
            : Finish(failed == 0 ? RebuildOutcome.Rebuilt : RebuildOutcome.Partial, $"{results.Values.Count(r => r.Outcome == DatabaseOutcome.Rebuilt)} rebuilt, {failed} failed, {results.Values.Count(r => r.Outcome == DatabaseOutcome.Skipped)} skipped");
    }

    /// <summary>Starts children while slots are free; an abort stops starting new ones, running ones finish.</summary>
    private async Task RunDatabasesAsync(IReadOnlyList<RebuildEntry> runnable, string sha)
    {
        var children = new List<Task>();
        foreach (var entry in runnable)
        {
            Set(entry, RebuildStates.Waiting, $"waiting for one of {input.MaxParallel} slot(s)");
            var free = await host.WaitConditionAsync(() => running < input.MaxParallel || Inbox.Stop is not null, SlotWait);
            if (Inbox.Stop is not null || !free)
            {
                break;
            }

            running++;
            children.Add(RunDatabaseAsync(entry, sha));
        }

        await host.WhenAllAsync(children);
        foreach (var entry in runnable.Where(e => !results.ContainsKey(e.Database)))
        {
            Set(entry, RebuildStates.NotStarted, "the run stopped before its turn");
            results[entry.Database] = new RebuildDatabaseResult(entry.Database, entry.Action, DatabaseOutcome.NotStarted, "the run stopped before its turn");
        }
    }

    private async Task RunDatabaseAsync(RebuildEntry entry, string sha)
    {
        Set(entry, RebuildStates.Running, $"child {RebuildInput.ChildWorkflowIdFor(entry.Database)} at {sha}");
        try
        {
            var result = await steps.RunDatabaseAsync(new RebuildDatabaseInput(entry, sha, input.EffectiveRecoveryTimeout, plan?.Timings));
            results[entry.Database] = result;
            Set(entry, result.Outcome == DatabaseOutcome.Rebuilt ? RebuildStates.Rebuilt : RebuildStates.Failed, result.Detail);
        }
        catch (FailureException e)
        {
            var message = RunbookFailures.Message(e);
            results[entry.Database] = new RebuildDatabaseResult(entry.Database, entry.Action, DatabaseOutcome.Failed, message);
            Set(entry, RebuildStates.Failed, message);
            await host.NotifyAsync(new RecoveryEvent(RecoveryEventKinds.StepFailed, entry.Database, host.WorkflowId, null, $"rebuild of {entry.Database} failed: {message}", host.UtcNow));
        }
        finally
        {
            running--;
        }
    }

    /// <summary>Waits for the matching approval; returns the end result on reject, abort or timeout, null when approved.</summary>
    private async Task<RebuildResult?> ApprovalAsync(string step, string why)
    {
        var since = host.UtcNow;
        var template = new Approval(step, RebuildInput.AllDatabases, plan!.PlanHash, OperatorCommands.ApproverPlaceholder, "why you approve");
        pending = new PendingApproval(
            step, RebuildInput.AllDatabases, plan.PlanHash, why, plan.Summary, plan.Diff, since, since + input.EffectiveApprovalTimeout,
            OperatorCommands.Approve(host.Namespace, host.WorkflowId, template),
            OperatorCommands.ApproveUpdate(host.Namespace, host.WorkflowId, template),
            OperatorCommands.Reject(host.Namespace, host.WorkflowId));
        state = RunbookStates.WaitingForApproval;
        Inbox.Expect(step, plan.PlanHash);
        try
        {
            await host.NotifyAsync(new RecoveryEvent(RecoveryEventKinds.ApprovalNeeded, RebuildInput.AllDatabases, host.WorkflowId, step, $"approval '{step}' needed for the rebuild (plan {plan.PlanHash}): {why}", since, pending.ApproveCommand));
            var decided = await host.WaitConditionAsync(() => Inbox.HasApproval || Inbox.Stop is not null, input.EffectiveApprovalTimeout);
            if (Inbox.Stop is { } stop)
            {
                return Finish(Stopped(stop.Outcome), $"{step}: stopped by {stop.Request.By ?? "someone"}: {stop.Request.Reason ?? "no reason given"}");
            }

            if (!decided)
            {
                return Finish(RebuildOutcome.TimedOut, $"no approval '{step}' within {input.EffectiveApprovalTimeout}");
            }

            Inbox.TakeApproval();
            state = RunbookStates.Running;
            return null;
        }
        finally
        {
            Inbox.CloseApproval();
            pending = null;
        }
    }

    private RebuildResult Finish(RebuildOutcome end, string reason)
    {
        outcome = end;
        state = RunbookStates.Finished;
        foreach (var e in plan?.Entries.Where(e => !results.ContainsKey(e.Database)) ?? [])
        {
            Set(e, RebuildStates.NotStarted, reason);
            results[e.Database] = new RebuildDatabaseResult(e.Database, e.Action, DatabaseOutcome.NotStarted, reason);
        }

        return new RebuildResult(end, reason, plan?.PlanHash, pushedSha, results.Values.OrderBy(r => r.Database, StringComparer.Ordinal).ToList());
    }

    private void Set(RebuildEntry entry, string newState, string detail) =>
        databases[entry.Database] = new DatabaseState(entry.Database, entry.Action, newState, detail);

    private static RebuildOutcome Stopped(RecoveryOutcome outcome) => outcome == RecoveryOutcome.Rejected ? RebuildOutcome.Rejected : RebuildOutcome.Aborted;
}
