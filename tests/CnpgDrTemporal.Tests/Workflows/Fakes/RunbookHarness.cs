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

    public RunbookHarness(RecoveryInput? input = null, RecoveryJournal? journal = null, FakeRecoverySteps? steps = null)
    {
        Input = input ?? DefaultInput;
        Host = new FakeRunbookHost(RecoveryInput.WorkflowIdFor(Input.Database));
        Steps = steps ?? new FakeRecoverySteps();
        Runbook = new RecoveryRunbook(Input, Steps, Host, journal);
        Steps.Journal = Runbook.Journal;
        Steps.FourEyesInitiator = Input.FourEyes ? Input.InitiatedBy : null;
    }

    public static RecoveryInput DefaultInput { get; } = new("app", InitiatedBy: Initiator, ApprovalTimeout: TimeSpan.FromHours(4), ReminderInterval: TimeSpan.FromHours(1));

    public RecoveryInput Input { get; }

    public FakeRunbookHost Host { get; }

    public FakeRecoverySteps Steps { get; }

    public RecoveryRunbook Runbook { get; }

    public RecoveryStatus Status => Runbook.Status;

    public bool Finished => run?.IsCompleted == true;

    public RecoveryResult Result => run is { IsCompletedSuccessfully: true } r
        ? r.GetAwaiter().GetResult()
        : throw new XunitException($"runbook has no result: {(run is null ? "not started" : run.Status.ToString())} at step {Status.CurrentStep}, failure {Status.Failure}");

    public ApplicationFailureException Failure => run?.Exception?.InnerException as ApplicationFailureException
        ?? throw new XunitException($"runbook did not fail with an application failure: {run?.Status} {run?.Exception}");

    public RunbookHarness Start()
    {
        run = Drive(() => Runbook.RunAsync());
        return this;
    }

    /// <summary>Approves the pending step with its plan hash unless told otherwise; returns the refusal, if any.</summary>
    public string? Approve(string step, string approver = "bob", string? planHash = null, string? database = null) =>
        Drive(() =>
        {
            var refusal = Runbook.Inbox.Offer(new Approval(step, database ?? Input.Database, planHash ?? Status.PendingApproval?.PlanHash ?? "no-plan", approver, "looks right"));
            Host.Poke();
            return refusal;
        });

    public void Reject(string reason) => Drive(() => Signal(() => Runbook.Inbox.Reject(new StopRequest(reason, "carol"))));

    public void Abort(string reason) => Drive(() => Signal(() => Runbook.Inbox.Abort(new StopRequest(reason, "carol"))));

    public void Retarget(RetargetRequest request) => Drive(() => Signal(() => Runbook.Inbox.OfferRetarget(request)));

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
