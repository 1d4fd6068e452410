using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Exceptions;
using Xunit.Sdk;
using Xunit;

namespace CnpgDrTemporal.Tests.Workflows.Fakes;

/// <summary>
/// Drives a <see cref="RecoveryRunbook"/> on fakes, synchronously: every call runs the runbook
/// inline until it waits again, so a test reads status right after a signal without sleeping.
/// </summary>
public sealed class RunbookHarness
{
    public const string Initiator = "alice";

    private Task<RecoveryResult>? run;

    /// <param name="replay">A recorded run to resume: its step results are replayed, its signals are delivered again by <see cref="ReplaySignals"/>.</param>
    public RunbookHarness(RecoveryInput? input = null, FakeRecoverySteps? steps = null, RunHistory? replay = null)
    {
        Input = input ?? DefaultInput;
        Host = new FakeRunbookHost(RecoveryInput.WorkflowIdFor(Input.Database));
        Steps = steps ?? new FakeRecoverySteps();
        Recorder = new HistorySteps(Steps, replay);
        Runbook = new RecoveryRunbook(Input, Recorder, Host);
        Steps.Status = () => Runbook.Status;
        Steps.FourEyesInitiator = Input.FourEyes ? Input.InitiatedBy : null;
    }

    public static RecoveryInput DefaultInput { get; } = new("app", InitiatedBy: Initiator, ApprovalTimeout: TimeSpan.FromHours(4), ReminderInterval: TimeSpan.FromHours(1));

    public RecoveryInput Input { get; }

    public FakeRunbookHost Host { get; }

    public FakeRecoverySteps Steps { get; }

    /// <summary>Records the run as a history (and replays one when given).</summary>
    public HistorySteps Recorder { get; }

    public RecoveryRunbook Runbook { get; }

    public RecoveryStatus Status => Runbook.Status;

    public bool Finished => run?.IsCompleted == true;

    public RecoveryResult Result => run is { IsCompletedSuccessfully: true } r
        ? r.GetAwaiter().GetResult()
        : throw new XunitException($"runbook has no result: {(run is null ? "not started" : run.Status.ToString())} at step {Status.CurrentStep}, failure {Status.Failure}");

    /// <summary>What the run threw that is not a domain failure: in a workflow, a failed workflow task.</summary>
    public Exception? Fault => run?.Exception?.InnerException;

    /// <summary>The run ended by cancellation: in a workflow, the run is Canceled.</summary>
    public bool Canceled => run?.IsCanceled == true;

    public ApplicationFailureException Failure => run?.Exception?.InnerException as ApplicationFailureException
        ?? throw new XunitException($"runbook did not fail with an application failure: {run?.Status} {run?.Exception}");

    public RunbookHarness Start(CancellationToken cancellation = default)
    {
        run = Drive(() => Runbook.RunAsync(cancellation));
        return this;
    }

    /// <summary>Approves the pending step with its plan hash unless told otherwise; returns the refusal, if any.</summary>
    public string? Approve(string step, string approver = "bob", string? planHash = null, string? database = null) =>
        Drive(() =>
        {
            var approval = new Approval(step, database ?? Input.Database, planHash ?? Status.PendingApproval?.PlanHash ?? "no-plan", approver, "looks right");
            Recorder.RecordSignal(new SignalEvent("approve", approval));
            var refusal = Runbook.Inbox.Offer(approval);
            Host.Poke();
            return refusal;
        });

    public void Reject(string reason) => Deliver(new SignalEvent("reject", Stop: new StopRequest(reason, "carol")));

    public void Abort(string reason) => Deliver(new SignalEvent("abort", Stop: new StopRequest(reason, "carol")));

    public void Retarget(RetargetRequest request) => Deliver(new SignalEvent("retarget", Retarget: request));

    public void Retry(RetryRequest request) => Deliver(new SignalEvent("retry", Retry: request));

    /// <summary>Delivers the replayed history's signals again, in order, as a worker replaying the run would.</summary>
    public RunbookHarness ReplaySignals()
    {
        foreach (var signal in Recorder.ReplayedSignals)
        {
            Deliver(signal);
        }

        return this;
    }

    private void Deliver(SignalEvent signal) => Drive(() => Signal(() =>
    {
        Recorder.RecordSignal(signal);
        switch (signal.Kind)
        {
            case "approve":
                Runbook.Inbox.Offer(signal.Approval!);
                break;
            case "reject":
                Runbook.Inbox.Reject(signal.Stop!);
                break;
            case "abort":
                Runbook.Inbox.Abort(signal.Stop!);
                break;
            case "retry":
                Runbook.Inbox.OfferRetry(signal.Retry!);
                break;
            default:
                Runbook.Inbox.OfferRetarget(signal.Retarget!);
                break;
        }
    }));

    /// <summary>Completes a held step, letting the runbook continue inline.</summary>
    public void Release<T>(TaskCompletionSource<T> held, T value) => Drive(() => Signal(() => held.SetResult(value)));

    public void Advance(TimeSpan by) => Drive(() => Signal(() => Host.Advance(by)));

    /// <summary>Approves every pending approval until the run ends or waits for something else.</summary>
    public RunbookHarness ApproveAll()
    {
        while (!Finished && Status.PendingApproval is { } p)
        {
            Assert.Null(Approve(p.Step));
        }

        return this;
    }

    /// <summary>Runs <paramref name="action"/> with continuations inline (shared with the rebuild harness).</summary>
    public static T Drive<T>(Func<T> action)
    {
        // Without a synchronization context, continuations run inline on this thread: deterministic.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private bool Signal(Action action)
    {
        action();
        Host.Poke();
        return true;
    }
}
