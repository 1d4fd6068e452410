using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Workflows;

namespace CnpgDrTemporal.Workflows.Rebuild;

/// <summary>
/// Rebuild after a cluster rebuild, workflow ID <c>cnpg-dr-rebuild</c>: plan every database → approval
/// <c>plan</c> of the combined plan hash (database <c>*</c>) → one commit → one
/// <see cref="RebuildDatabaseWorkflow"/> per database, <c>maxParallel</c> at a time. No delete step.
/// The decisions live in <see cref="RebuildRunbook"/>; this class binds it to Temporal.
/// </summary>
[Workflow]
public sealed class RebuildWorkflow
{
    private readonly RebuildRunbook runbook;

    [WorkflowInit]
    public RebuildWorkflow(RebuildInput input) =>
        runbook = new RebuildRunbook(input, new WorkflowRebuildSteps(), new WorkflowRunbookHost());

    /// <summary>The <c>status</c> query: plan, pending approval with its commands, refusals, per-database state.</summary>
    [WorkflowQuery("status")]
    public RebuildStatus Status => runbook.Status;

    [WorkflowRun]
    public Task<RebuildResult> RunAsync(RebuildInput input) => runbook.RunAsync();

    /// <summary>Signal <c>approve</c>: a wrong approval is recorded as refused (see status) and changes nothing.</summary>
    [WorkflowSignal("approve")]
    public Task ApproveSignalAsync(Approval approval)
    {
        runbook.Inbox.Offer(approval);
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>reject</c>: before the push, ends the run with nothing committed.</summary>
    [WorkflowSignal("reject")]
    public Task RejectAsync(StopRequest? request = null)
    {
        runbook.Inbox.Reject(request ?? new StopRequest());
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>abort</c>: no further database is started; running ones finish.</summary>
    [WorkflowSignal("abort")]
    public Task AbortAsync(StopRequest? request = null)
    {
        runbook.Inbox.Abort(request ?? new StopRequest());
        return Task.CompletedTask;
    }

    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(Approval approval) => runbook.Inbox.RequireAcceptable(approval);

    /// <summary>Update <c>Approve</c>: the same approval as the signal, answered with a receipt.</summary>
    [WorkflowUpdate("Approve")]
    public Task<ApprovalReceipt> ApproveAsync(Approval approval) => Task.FromResult(runbook.Inbox.Accept(approval));
}
