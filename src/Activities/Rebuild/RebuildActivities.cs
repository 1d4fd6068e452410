using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Rebuild;

/// <summary>
/// The activities of <c>RebuildWorkflow</c>: the combined plan and its one commit. The per-database
/// steps (sync, watch, validate, prove lineage, restart consumers) are the recovery's own activities.
/// </summary>
public sealed class RebuildActivities(RebuildPlanner planner, GitOpsRepo git)
{
    public const string CommitSubject = "dr(rebuild): restore every database after a cluster rebuild";

    [Activity("RebuildPlan")]
    public Task<RebuildPlan> PlanAsync(RebuildRequest request) => planner.PlanAsync(request, Ct());

    /// <summary>One commit carrying every database's edit; a re-run finds it on the remote and returns its SHA.</summary>
    [Activity("RebuildPush")]
    public Task<PushResult> PushAsync(PushRebuildRequest request)
    {
        var plan = request.Plan;
        var plans = plan.Entries.Where(e => e.Action is RebuildAction.Recover or RebuildAction.Initdb).Select(e => e.Git).OfType<GitPlan>().ToList();
        return git.PushAllAsync(new MultiPushRequest(plans, CommitSubject, "rebuild", plan.PushMode, plan.PlannedAt), Ct());
    }

    private static CancellationToken Ct() =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;
}
