using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Workflows;

namespace CnpgDrTemporal.Workflows.Migration;

/// <summary>
/// Moves one database's backups to the Barman Cloud plugin, workflow ID <c>cnpg-dr-migrate-&lt;db&gt;</c>:
/// plan → approval <c>plan</c> → push → hard refresh → sync → prove; a failure after the push parks with
/// the revert ready (<c>revert</c>, <c>retry</c>, <c>abort</c>). The decisions live in <see cref="MigrationRunbook"/>.
/// </summary>
[Workflow]
public sealed class MigrateBackupsWorkflow
{
    private readonly MigrationRunbook runbook;

    [WorkflowInit]
    public MigrateBackupsWorkflow(MigrationInput input) =>
        runbook = new MigrationRunbook(input, new WorkflowMigrationSteps(), new ActivityRecoverySteps(), new WorkflowRunbookHost());

    [WorkflowQuery("status")]
    public MigrationStatus Status => runbook.Status;

    [WorkflowRun]
    public Task<MigrationResult> RunAsync(MigrationInput input) => runbook.RunAsync(Workflow.CancellationToken);

    [WorkflowSignal("approve")]
    public Task ApproveSignalAsync(Approval approval)
    {
        runbook.Inbox.Offer(approval);
        return Task.CompletedTask;
    }

    [WorkflowSignal("reject")]
    public Task RejectAsync(StopRequest? request = null)
    {
        runbook.Inbox.Reject(request ?? new StopRequest());
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>abort</c>: ends the run at its next step boundary; when parked, leaves git as pushed.</summary>
    [WorkflowSignal("abort")]
    public Task AbortAsync(StopRequest? request = null)
    {
        runbook.Inbox.Abort(request ?? new StopRequest());
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>retry</c>: run the step the run parked on again.</summary>
    [WorkflowSignal("retry")]
    public Task RetryAsync(RetryRequest? request = null)
    {
        runbook.Inbox.OfferRetry(request ?? new RetryRequest());
        return Task.CompletedTask;
    }

    /// <summary>Signal <c>revert</c>: push the one-commit revert of the migration and sync it (only while parked).</summary>
    [WorkflowSignal("revert")]
    public Task RevertAsync(RevertRequest? request = null)
    {
        runbook.OfferRevert(request ?? new RevertRequest());
        return Task.CompletedTask;
    }

    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(Approval approval) => runbook.Inbox.RequireAcceptable(approval);

    [WorkflowUpdate("Approve")]
    public Task<ApprovalReceipt> ApproveAsync(Approval approval) => Task.FromResult(runbook.Inbox.Accept(approval));
}
