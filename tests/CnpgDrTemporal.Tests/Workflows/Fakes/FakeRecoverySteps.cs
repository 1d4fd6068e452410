using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Tests.Workflows.Fakes;

/// <summary>
/// Scriptable steps that log every call. With a <see cref="Journal"/> attached they also check, at the
/// moment a gated step runs, that the decision just before it is its matching approval.
/// </summary>
public sealed class FakeRecoverySteps : IRecoverySteps
{
    public static readonly DateTimeOffset LastArchivedWal = new(2026, 2, 28, 23, 0, 0, TimeSpan.Zero);
    private readonly Lock sync = new();
    private readonly List<string> calls = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (sync)
            {
                return [.. calls];
            }
        }
    }

    public List<string> Violations { get; } = [];

    public List<PlanRequest> PlanRequests { get; } = [];

    public List<string> SyncedRevisions { get; } = [];

    public RecoveryJournal? Journal { get; set; }

    public string? FourEyesInitiator { get; set; }

    public string? Refusal { get; set; }

    public bool ReviewBranch { get; set; }

    public Queue<PvcWaitResult> PvcWaits { get; } = new();

    /// <summary>Scripted watch slices; when empty a slice reports done.</summary>
    public Queue<Func<WatchRecoveryRequest, Task<RecoveryProgress>>> Watches { get; } = new();

    public ValidationReport Validation { get; set; } = new("app", "fake", [new ValidationCheck("system-identifier", true, "7412345678901234567", "7412345678901234567")], null);

    public int Count(string step) => Calls.Count(c => c == step);

    public static Func<WatchRecoveryRequest, Task<RecoveryProgress>> Fails(string errorType, string message) =>
        _ => Task.FromException<RecoveryProgress>(new ApplicationFailureException(message, errorType: errorType, nonRetryable: true));

    public static Func<WatchRecoveryRequest, Task<RecoveryProgress>> Slice(int wal, bool done = false) =>
        r => Task.FromResult(new RecoveryProgress(done, (r.ResumeFrom?.WalFilesRestored ?? 0) + wal, $"restored log file \"{wal:X24}\" from archive", done ? "Cluster in healthy state" : "Setting up primary", done));

    public Task<RecoveryPlan> PlanAsync(PlanRequest request, CancellationToken ct)
    {
        var n = Log(RunbookSteps.Plan);
        PlanRequests.Add(request);
        var source = request.SourceLineage ?? $"{request.Database}-database-v1";
        return Task.FromResult(new RecoveryPlan(
            request.Database, $"recover {request.Database} from {source}\nsecond line", $"--- a/kustomization.yaml\n+++ b/kustomization.yaml\n@@ plan {n} @@", $"hash-{n}",
            source, request.BackupId, request.TargetTime, $"{request.Database}-database-v{n}", $"{request.Database}-database-v{n + 1}",
            "7412345678901234567", LastArchivedWal, [], new Baseline("app", "7412345678901234567", 1, "15.8", 1024, [new TableRows("public", "items", 42, true)], LastArchivedWal),
            request.PushMode, ["apps"], Refusal));
    }

    public Task<PushResult> PushAsync(PushRequest request, CancellationToken ct)
    {
        var n = Log(RunbookSteps.Push);
        ExpectDecision(RunbookSteps.Push, e => e.Step == RunbookSteps.ApprovalKey(RunbookSteps.Plan) || e.Step == RunbookSteps.Retarget);
        return Task.FromResult(new PushResult($"sha{n}000000000000000000", ReviewBranch ? $"cnpg-dr/{request.Plan.PlanHash}" : "main", !ReviewBranch));
    }

    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, CancellationToken ct)
    {
        var n = Log(RunbookSteps.HardRefresh);
        return Task.FromResult(new HardRefreshResult(LastArchivedWal, ReviewBranch ? $"merged{n}" : null, true));
    }

    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, CancellationToken ct)
    {
        Log(RunbookSteps.Delete);
        ExpectDecision(RunbookSteps.Delete, e => e.Step == RunbookSteps.ApprovalKey(RunbookSteps.Delete) && e.Value<Approval>() is var a
            && a.PlanHash == request.PlanHash && a.Database == request.Database && a.Approver != FourEyesInitiator);
        return Task.FromResult(new DeleteClusterResult(true, [$"{request.Database}-database-1"]));
    }

    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, CancellationToken ct)
    {
        Log(RunbookSteps.WaitPvcsGone);
        return Task.FromResult(PvcWaits.Count > 0 ? PvcWaits.Dequeue() : new PvcWaitResult([]));
    }

    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, CancellationToken ct)
    {
        Log(RunbookSteps.RemoveFinalizers);
        ExpectDecision(RunbookSteps.RemoveFinalizers, e => e.Step == RunbookSteps.ApprovalKey(RunbookSteps.RemoveFinalizers));
        return Task.FromResult(new RemovePvcFinalizersResult(request.PvcNames));
    }

    public Task<SyncResult> SyncAsync(SyncRequest request, CancellationToken ct)
    {
        Log(RunbookSteps.Sync);
        SyncedRevisions.Add(request.Revision);
        return Task.FromResult(new SyncResult("Succeeded", request.Revision, null));
    }

    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, CancellationToken ct)
    {
        Log(RunbookSteps.WatchRecovery);
        return Watches.Count > 0 ? Watches.Dequeue()(request) : Slice(3, done: true)(request);
    }

    public Task<ValidationReport> ValidateAsync(ValidateRecoveryRequest request, CancellationToken ct)
    {
        Log(RunbookSteps.Validate);
        return Task.FromResult(Validation);
    }

    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, CancellationToken ct)
    {
        Log(RunbookSteps.ProveLineage);
        return Task.FromResult(new LineageProof(true, true, "20260301T090000", $"first backup on {request.NextLineage} completed"));
    }

    public Task<RestartConsumersResult> RestartConsumersAsync(RestartConsumersRequest request, CancellationToken ct)
    {
        Log(RunbookSteps.RestartConsumers);
        return Task.FromResult(new RestartConsumersResult([.. request.Namespaces.Select(n => $"{n}/deployment/web")]));
    }

    public Task<PushResult> FlipBackAsync(FlipBackRequest request, CancellationToken ct)
    {
        var n = Log(RunbookSteps.FlipBack);
        return Task.FromResult(new PushResult($"flip{n}", "main", true));
    }

    private int Log(string step)
    {
        lock (sync)
        {
            calls.Add(step);
            return calls.Count(c => c == step);
        }
    }

    /// <summary>The last human decision in the journal must authorise <paramref name="step"/>, and each authorises one run.</summary>
    private void ExpectDecision(string step, Func<JournalEntry, bool> authorises)
    {
        if (Journal is null)
        {
            return;
        }

        var last = Journal.Entries.LastOrDefault(e => e.Step.StartsWith("approval:", StringComparison.Ordinal) || e.Step == RunbookSteps.Retarget);
        if (last is null || !authorises(last))
        {
            Violations.Add($"{step} ran after decision '{last?.Step ?? "none"}' ({last?.Summary})");
        }

        var decisions = Journal.Entries.Count(e => e.Step == last?.Step);
        if (Count(step) > decisions && step != RunbookSteps.Push)
        {
            Violations.Add($"{step} ran {Count(step)} times on {decisions} approvals");
        }
    }
}
