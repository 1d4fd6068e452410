using Temporalio.Workflows;

namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>
/// In-place recovery of one CNPG database, workflow ID <c>cnpg-dr-&lt;db&gt;</c>:
/// plan → approval <c>plan</c> → push → hard refresh → approval <c>delete</c> → delete Cluster and
/// PVCs → wait PVCs gone (stuck: approval <c>remove-finalizers</c>) → sync → watch recovery
/// (target unreachable: <c>retarget</c> or <c>abort</c>) → validate → prove lineage → restart consumers
/// → optional flip back. The order and every decision live in <see cref="RecoveryRunbook"/>; this
/// class only binds it to Temporal: activities, timers, signals, the update and the query.
/// </summary>
[Workflow]
public sealed class RecoveryWorkflow
{
    private readonly RecoveryRunbook runbook;

    [WorkflowInit]
    public RecoveryWorkflow(RecoveryInput input) =>
        runbook = new RecoveryRunbook(input, new ActivityRecoverySteps(), new WorkflowRunbookHost());

    /// <summary>The <c>status</c> query: current step, finished steps, pending approval with its commands, refusals, progress, validation.</summary>
    [WorkflowQuery("status")]
    public RecoveryStatus Status => runbook.Status;

    [WorkflowRun]
    public Task<RecoveryResult> RunAsync(RecoveryInput input) => runbook.RunAsync(Workflow.CancellationToken);

    /// <summary>Signal <c>approve</c>: a wrong approval is recorded as refused (see status) and changes nothing.</summary>
    [WorkflowSignal("approve")]
    public Task ApproveSignalAsync(Approval approval)
    {
        runbook.Inbox.Offer(approval);
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>reject</c>: the workflow ends at its next step boundary, no further side effects.</summary>
    [WorkflowSignal("reject")]
    public Task RejectAsync(StopRequest? request = null)
    {
        runbook.Inbox.Reject(request ?? new StopRequest());
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>abort</c>: like reject, also the answer to a retarget question.</summary>
    [WorkflowSignal("abort")]
    public Task AbortAsync(StopRequest? request = null)
    {
        runbook.Inbox.Abort(request ?? new StopRequest());
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>retarget</c>: a new target after "recovery target unreachable"; <c>{}</c> = latest.</summary>
    [WorkflowSignal("retarget")]
    public Task RetargetAsync(RetargetRequest? request = null)
    {
        runbook.Inbox.OfferRetarget(request ?? new RetargetRequest());
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>retry</c>: run the step the run parked on again, after its cause was fixed.</summary>
    [WorkflowSignal("retry")]
    public Task RetryAsync(RetryRequest? request = null)
    {
        runbook.Inbox.OfferRetry(request ?? new RetryRequest());
        return Task.CompletedTask;
    }

    /// <summary>Rejects a wrong approval synchronously, before it reaches history.</summary>
    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(Approval approval) => runbook.Inbox.RequireAcceptable(approval);

    /// <summary>Update <c>Approve</c>: the same approval as the signal, answered with a receipt.</summary>
    [WorkflowUpdate("Approve")]
    public Task<ApprovalReceipt> ApproveAsync(Approval approval) => Task.FromResult(runbook.Inbox.Accept(approval));
}
