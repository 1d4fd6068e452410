using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Recovery;
using Temporalio.Activities;
using GitSide = CnpgDrTemporal.Activities.GitOps;

namespace CnpgDrTemporal.Activities.Rebuild;

/// <summary>
/// The activities of <c>RebuildWorkflow</c>: the combined plan and its one commit. The per-database
/// steps (sync, watch, validate, prove lineage, restart consumers) are the recovery's own activities.
/// </summary>
public sealed class RebuildActivities(RebuildPlanner planner, GitOpsActivities git)
{
    public const string CommitSubject = "dr(rebuild): restore every database after a cluster rebuild";

    [Activity("RebuildPlan")]
    public Task<RebuildPlan> PlanAsync(RebuildRequest request) => planner.PlanAsync(request, Ct());

    /// <summary>One commit carrying every database's edit; a re-run finds it on the remote and returns its SHA.</summary>
    [Activity("RebuildPush")]
    public async Task<Recovery.PushResult> PushAsync(PushRebuildRequest request)
    {
        var plan = request.Plan;
        var plans = plan.Entries.Where(e => e.Action is RebuildAction.Recover or RebuildAction.Initdb).Select(e => e.Git).OfType<GitPlan>().ToList();
        var mode = plan.PushMode == Recovery.PushMode.ReviewBranch ? GitSide.PushMode.ReviewBranch : GitSide.PushMode.TrackedBranch;
        var pushed = await git.CommitAndPushAllAsync(new MultiPushRequest(plans, CommitSubject, "rebuild", mode, plan.PlannedAt)).ConfigureAwait(false);
        return new Recovery.PushResult(pushed.Sha, pushed.Branch, mode == GitSide.PushMode.TrackedBranch);
    }

    private static CancellationToken Ct() =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;
}
