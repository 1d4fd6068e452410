using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Rebuild;
using Temporalio.Workflows;
using Options = CnpgDrTemporal.Workflows.Recovery.RecoveryActivityOptions;

namespace CnpgDrTemporal.Workflows.Rebuild;

/// <summary>The rebuild's steps on Temporal: two activities and one child workflow per database (workflow code only).</summary>
internal sealed class WorkflowRebuildSteps : IRebuildSteps
{
    private static readonly StepContext Defaults = new(StepTimings.Default, default);

    public Task<RebuildPlan> PlanAsync(RebuildRequest request) =>
        Workflow.ExecuteActivityAsync((RebuildActivities a) => a.PlanAsync(request), Options.Plan(Defaults));

    public Task<PushResult> PushAsync(PushRebuildRequest request) =>
        Workflow.ExecuteActivityAsync((RebuildActivities a) => a.PushAsync(request), Options.Push(Defaults));

    public Task<RebuildDatabaseResult> RunDatabaseAsync(RebuildDatabaseInput input) =>
        Workflow.ExecuteChildWorkflowAsync(
            (RebuildDatabaseWorkflow w) => w.RunAsync(input),
            new ChildWorkflowOptions { Id = RebuildInput.ChildWorkflowIdFor(input.Entry.Database) });
}
