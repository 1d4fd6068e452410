using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Rebuild;
using CnpgDrTemporal.Workflows.Recovery;
using Xunit.Sdk;

namespace CnpgDrTemporal.Tests.Rebuild;

/// <summary>Scripted rebuild steps: a fixed plan, a logged push, and child runs the test completes by hand.</summary>
public sealed class FakeRebuildSteps(RebuildPlan plan) : IRebuildSteps
{
    public const string Sha = "0123456789abcdef0123456789abcdef01234567";

    public List<string> Calls { get; } = [];

    public Dictionary<string, TaskCompletionSource<RebuildDatabaseResult>> Children { get; } = [];

    public List<RebuildDatabaseInput> Started { get; } = [];

    public int Running { get; private set; }

    public int MaxRunning { get; private set; }

    public Task<RebuildPlan> PlanAsync(RebuildRequest request)
    {
        Calls.Add("plan");
        return Task.FromResult(plan);
    }

    public Task<PushResult> PushAsync(PushRebuildRequest request)
    {
        Calls.Add("push");
        return Task.FromResult(new PushResult(Sha, "main", true));
    }

    public async Task<RebuildDatabaseResult> RunDatabaseAsync(RebuildDatabaseInput input)
    {
        Calls.Add("run:" + input.Entry.Database);
        Started.Add(input);
        var held = new TaskCompletionSource<RebuildDatabaseResult>();
        Children[input.Entry.Database] = held;
        Running++;
        MaxRunning = Math.Max(MaxRunning, Running);
        try
        {
            return await held.Task;
        }
        finally
        {
            Running--;
        }
    }

    public static RebuildEntry Recover(string db) => new(db, RebuildAction.Recover, $"restore {db}", $"{db}-database-v1", null, $"{db}-database-v2", "7412345678901234567", 1, [], null);

    public static RebuildPlan PlanOf(params RebuildEntry[] entries) => RebuildPlanHash.Combine(entries, PushMode.Direct, new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
}

/// <summary>Drives a <see cref="RebuildRunbook"/> inline on fakes, as <see cref="RunbookHarness"/> does for the recovery.</summary>
public sealed class RebuildHarness
{
    private Task<RebuildResult>? run;

    public RebuildHarness(RebuildPlan plan, RebuildInput? input = null)
    {
        Steps = new FakeRebuildSteps(plan);
        Host = new FakeRunbookHost(RebuildInput.WorkflowId);
        Runbook = new RebuildRunbook(input ?? new RebuildInput(), Steps, Host);
    }

    public FakeRebuildSteps Steps { get; }

    public FakeRunbookHost Host { get; }

    public RebuildRunbook Runbook { get; }

    public RebuildStatus Status => Runbook.Status;

    public bool Finished => run?.IsCompleted == true;

    public RebuildResult Result => run is { IsCompletedSuccessfully: true } r
        ? r.GetAwaiter().GetResult()
        : throw new XunitException($"rebuild has no result: {run?.Status} {run?.Exception?.InnerException?.Message}");

    public Exception? Failure => run?.Exception?.InnerException;

    public RebuildHarness Start()
    {
        run = RunbookHarness.Drive(Runbook.RunAsync);
        return this;
    }

    public string? Approve(string? planHash = null, string step = "plan", string database = RebuildInput.AllDatabases) =>
        RunbookHarness.Drive(() =>
        {
            var refusal = Runbook.Inbox.Offer(new Approval(step, database, planHash ?? Status.PendingApproval?.PlanHash ?? "none", "bob", "ok"));
            Host.Poke();
            return refusal;
        });

    public void Abort() => RunbookHarness.Drive(() => Poke(() => Runbook.Inbox.Abort(new StopRequest("enough", "carol"))));

    public void Reject() => RunbookHarness.Drive(() => Poke(() => Runbook.Inbox.Reject(new StopRequest("no", "carol"))));

    public void Complete(string db) => RunbookHarness.Drive(() => Poke(() => Steps.Children[db].SetResult(new RebuildDatabaseResult(db, RebuildAction.Recover, DatabaseOutcome.Rebuilt, "ok"))));

    public void Fail(string db, string message) => RunbookHarness.Drive(() => Poke(() => Steps.Children[db].SetException(new Temporalio.Exceptions.ApplicationFailureException(message, "ValidationFailed", nonRetryable: true))));

    public string StateOf(string db) => Status.Databases.Single(d => d.Database == db).State;

    private bool Poke(Action action)
    {
        action();
        Host.Poke();
        return true;
    }
}
