using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Workflows;

namespace CnpgDrTemporal.Workflows.Rebuild;

/// <summary>
/// One database of a rebuild, workflow ID <c>cnpg-dr-rebuild-&lt;db&gt;</c>, started by <see cref="RebuildWorkflow"/>:
/// sync → watch recovery → validate → prove lineage → restart consumers, on the recovery's activities.
/// </summary>
[Workflow]
public sealed class RebuildDatabaseWorkflow
{
    private readonly RebuildDatabaseRun run;

    [WorkflowInit]
    public RebuildDatabaseWorkflow(RebuildDatabaseInput input) =>
        run = new RebuildDatabaseRun(input, new ActivityRecoverySteps(), new WorkflowRunbookHost());

    /// <summary>The <c>status</c> query: finished steps with their results, then the current one.</summary>
    [WorkflowQuery("status")]
    public IReadOnlyList<string> Status => run.CurrentStep is { } step ? [.. run.Done, $"{step}: running"] : run.Done;

    [WorkflowRun]
    public Task<RebuildDatabaseResult> RunAsync(RebuildDatabaseInput input) => run.RunAsync(Workflow.CancellationToken);
}
