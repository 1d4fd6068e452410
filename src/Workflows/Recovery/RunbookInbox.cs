
namespace CnpgDrTemporal.Workflows.Recovery;

/// <summary>
/// Where signals and updates land. Only an approval matching the pending one (step, database,
/// plan hash, four-eyes) is kept; anything else is recorded as refused and changes nothing.
/// </summary>
public sealed class RunbookInbox(RecoveryInput input, Func<DateTimeOffset> now)
{
    private readonly List<RefusedSignal> refused = [];
    private (string Step, string PlanHash)? expected;
    private Approval? accepted;
    private bool retargetOpen;
    private RetargetRequest? retarget;
    private bool retryOpen;
    private RetryRequest? retry;

    public IReadOnlyList<RefusedSignal> Refused => refused;

    /// <summary>A reject or abort, once received; the runbook stops at its next step boundary or wait.</summary>
    public (RecoveryOutcome Outcome, StopRequest Request)? Stop { get; private set; }

    internal bool HasApproval => accepted is not null;

    internal bool HasRetarget => retarget is not null;

    internal bool HasRetry => retry is not null;

    /// <summary>Why <paramref name="approval"/> would be refused now, or null when it would be accepted. Changes nothing.</summary>
    public string? Check(Approval approval)
    {
        if (string.IsNullOrWhiteSpace(approval.Approver))
        {
            return "approver is empty: put your name in \"approver\"";
        }

        if (expected is not { } e)
        {
            return $"no approval is pending (approval for step '{approval.Step}' arrived while none was asked)";
        }

        if (approval.Database != input.Database)
        {
            return $"approval is for database '{approval.Database}' but this workflow recovers '{input.Database}'";
        }

        if (approval.Step != e.Step)
        {
            return $"approval is for step '{approval.Step}' but the pending approval is for step '{e.Step}'";
        }

        if (approval.PlanHash != e.PlanHash)
        {
            return $"plan hash '{approval.PlanHash}' is not the pending plan's '{e.PlanHash}' (stale or mistyped): read the status query again";
        }

        if (input.FourEyes && string.Equals(approval.Approver.Trim(), input.InitiatedBy?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return $"four-eyes: {approval.Approver} started this recovery, another person must approve";
        }

        return accepted is { } a ? $"step '{e.Step}' is already approved by {a.Approver}" : null;
    }

    /// <summary>Accepts a matching approval; records any other as refused. Returns the refusal, null when accepted.</summary>
    public string? Offer(Approval approval)
    {
        var refusal = Check(approval);
        if (refusal is null)
        {
            accepted = approval;
        }
        else
        {
            refused.Add(new RefusedSignal("approve", refusal, now(), approval));
        }

        return refusal;
    }

    /// <summary>The update validator: a wrong approval is rejected synchronously, before it reaches history.</summary>
    public void RequireAcceptable(Approval approval)
    {
        if (Check(approval) is { } refusal)
        {
            throw Refusal(refusal);
        }
    }

    /// <summary>The update body: accepts the approval and answers with a receipt, or throws the refusal.</summary>
    public ApprovalReceipt Accept(Approval approval) =>
        Offer(approval) is { } refusal ? throw Refusal(refusal) : new ApprovalReceipt(approval.Step, approval.PlanHash, approval.Approver, now());

    private static Temporalio.Exceptions.ApplicationFailureException Refusal(string reason) =>
        new(reason, errorType: "ApprovalRefused", nonRetryable: true);

    public void Reject(StopRequest request) => RequestStop(RecoveryOutcome.Rejected, "reject", request);

    public void Abort(StopRequest request) => RequestStop(RecoveryOutcome.Aborted, "abort", request);

    public void OfferRetarget(RetargetRequest request)
    {
        if (!retargetOpen || retarget is not null)
        {
            refused.Add(new RefusedSignal("retarget", "no retarget is awaited: the workflow asks for one only after the recovery target was found unreachable", now()));
            return;
        }

        retarget = request;
    }

    public void OfferRetry(RetryRequest request)
    {
        if (!retryOpen || retry is not null)
        {
            refused.Add(new RefusedSignal("retry", "no step is parked: the workflow asks for a retry only after a step failed past the delete", now()));
            return;
        }

        retry = request;
    }

    internal void OpenRetry() => (retryOpen, retry) = (true, null);

    internal RetryRequest? TakeRetry()
    {
        var r = retry;
        if (r is not null)
        {
            (retryOpen, retry) = (false, null);
        }

        return r;
    }

    internal void CloseRetry() => retryOpen = false;

    internal void Expect(string step, string planHash)
    {
        expected = (step, planHash);
        accepted = null;
    }

    internal Approval? TakeApproval()
    {
        var a = accepted;
        if (a is not null)
        {
            expected = null;
            accepted = null;
        }

        return a;
    }

    internal void CloseApproval() => expected = null;

    internal void OpenRetarget() => (retargetOpen, retarget) = (true, null);

    internal RetargetRequest? TakeRetarget()
    {
        var r = retarget;
        if (r is not null)
        {
            (retargetOpen, retarget) = (false, null);
        }

        return r;
    }

    internal void CloseRetarget() => retargetOpen = false;

    private void RequestStop(RecoveryOutcome outcome, string name, StopRequest request)
    {
        if (Stop is { } first)
        {
            refused.Add(new RefusedSignal(name, $"already stopping ({first.Outcome})", now()));
            return;
        }

        Stop = (outcome, request);
    }
}
