using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Rebuild;

namespace CnpgDrTemporal.Workflows.Rebuild;

/// <summary>What the rebuild runbook does outside itself: plan, one push, one child run per database.</summary>
public interface IRebuildSteps
{
    Task<RebuildPlan> PlanAsync(RebuildRequest request);

    Task<PushResult> PushAsync(PushRebuildRequest request);

    /// <summary>Runs one database to the end (a child workflow); throws when it failed.</summary>
    Task<RebuildDatabaseResult> RunDatabaseAsync(RebuildDatabaseInput input);
}
