using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Argo;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Consumers;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Tests.Workflows.Fakes;

/// <summary>
/// Scriptable steps that log every call (a server-backed test hosts them on a real worker through
/// <see cref="ScriptedRecoveryActivities"/>). Given the runbook's status they also check, at the moment
/// a gated step runs, that the decision just before it is its matching approval.
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

    /// <summary>The runbook's status, read when a gated step runs; null: no decision checks.</summary>
    public Func<RecoveryStatus>? Status { get; set; }

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
        r => Task.FromResult(new RecoveryProgress(
            done, (r.ResumeFrom?.RestoredFiles ?? 0) + wal, $"{wal:X24}", done ? "consistent recovery state reached at 0/5000000" : null,
            $"restored log file \"{wal:X24}\" from archive", done ? "Cluster in healthy state" : "Setting up primary", []));

    public Task<RecoveryPlan> PlanAsync(PlanRequest request, StepContext step)
    {
        var n = Log(RunbookSteps.Plan);
        PlanRequests.Add(request);
        var source = request.SourceLineage ?? $"{request.Database}-database-v1";
        var summary = $"recover {request.Database} from {source}\nsecond line";
        var git = new GitPlan(
            new GitEdit(GitEditKind.Recover, request.Database, source, $"{request.Database}-database-v{n + 1}"), summary,
            $"--- a/kustomization.yaml\n+++ b/kustomization.yaml\n@@ plan {n} @@", $"hash-{n}", null, request.Database, ["kustomization.yaml"], $"after-{n}", summary, LastArchivedWal);
        return Task.FromResult(new RecoveryPlan(
            request.Database, summary, $"hash-{n}",
            source, request.BackupId, request.TargetTime, $"{request.Database}-database-v{n}", $"{request.Database}-database-v{n + 1}",
            "7412345678901234567", LastArchivedWal, [], new Baseline("app", "7412345678901234567", 1, "15.8", 1024, [new TableRows("public", "items", 42, true)], LastArchivedWal),
            request.PushMode, ["apps"], Refusal, Git: git,
            Target: new DeleteTarget(new AppRef("argocd", request.Database), new ClusterRef("cloudnative-pg", $"{request.Database}-database"), "uid-cluster", [new PinnedPvc($"{request.Database}-database-1", "uid-pvc")])));
    }

    public Task<PushResult> PushAsync(PushRequest request, StepContext step)
    {
        var n = Log(RunbookSteps.Push);
        ExpectDecision(RunbookSteps.Push, (e, _) => e.Step == RunbookSteps.ApprovalKey(RunbookSteps.Plan) || e.Step == RunbookSteps.Retarget);
        return Task.FromResult(new PushResult($"sha{n}000000000000000000", ReviewBranch ? $"cnpg-dr/{request.Plan.PlanHash}" : "main", !ReviewBranch));
    }

    public Task<HardRefreshResult> HardRefreshAsync(HardRefreshRequest request, StepContext step)
    {
        var n = Log(RunbookSteps.HardRefresh);
        return Task.FromResult(new HardRefreshResult(null, LastArchivedWal, ReviewBranch ? $"merged{n}" : null, "OutOfSync"));
    }

    public Task<DeleteClusterResult> DeleteClusterAsync(DeleteClusterRequest request, StepContext step)
    {
        Log(RunbookSteps.Delete);
        ExpectDecision(RunbookSteps.Delete, (e, a) => e.Step == RunbookSteps.ApprovalKey(RunbookSteps.Delete) && a is not null
            && a.Step == RunbookSteps.Delete && a.PlanHash == request.PlanHash && a.Database == request.Database && a.Approver != FourEyesInitiator);
        return Task.FromResult(new DeleteClusterResult(true, [$"{request.Database}-database-1"]));
    }

    public Task<PvcWaitResult> WaitPvcsGoneAsync(WaitPvcsGoneRequest request, StepContext step)
    {
        Log(RunbookSteps.WaitPvcsGone);
        return Task.FromResult(PvcWaits.Count > 0 ? PvcWaits.Dequeue() : new PvcWaitResult([], 3));
    }

    public Task<RemovePvcFinalizersResult> RemovePvcFinalizersAsync(RemovePvcFinalizersRequest request, StepContext step)
    {
        Log(RunbookSteps.RemoveFinalizers);
        ExpectDecision(RunbookSteps.RemoveFinalizers, (e, _) => e.Step == RunbookSteps.ApprovalKey(RunbookSteps.RemoveFinalizers));
        return Task.FromResult(new RemovePvcFinalizersResult(request.PvcNames, []));
    }

    public Task<SyncResult> SyncAsync(SyncRequest request, StepContext step)
    {
        Log(RunbookSteps.Sync);
        SyncedRevisions.Add(request.Revision);
        return Task.FromResult(new SyncResult("Succeeded", request.Revision, null, null));
    }

    public Task<RecoveryProgress> WatchRecoveryAsync(WatchRecoveryRequest request, StepContext step)
    {
        Log(RunbookSteps.WatchRecovery);
        // A held slice observes the step's token, as a cancelled activity does.
        return (Watches.Count > 0 ? Watches.Dequeue()(request) : Slice(3, done: true)(request)).WaitAsync(step.Cancellation);
    }

    public Task<ValidationReport> ValidateAsync(ValidateRequest request, StepContext step)
    {
        Log(RunbookSteps.Validate);
        return Task.FromResult(Validation);
    }

    public Task<LineageProof> ProveLineageAsync(ProveLineageRequest request, StepContext step)
    {
        Log(RunbookSteps.ProveLineage);
        return Task.FromResult(new LineageProof(true, "first-backup", "plugin", "20260301T090000", request.NextLineage, $"first backup on {request.NextLineage} completed"));
    }

    public Task<ConsumerRestartResult> RestartConsumersAsync(RestartConsumersRequest request, StepContext step)
    {
        Log(RunbookSteps.RestartConsumers);
        return Task.FromResult(new ConsumerRestartResult([.. request.Namespaces.Select(n => new ConsumerRollout(n, "web", 2, 1))]));
    }

    public Task<PushResult> FlipBackAsync(FlipBackRequest request, StepContext step)
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

    /// <summary>
    /// The last human decision must authorise <paramref name="step"/> (the approval itself is passed when
    /// that decision was one), and each decision authorises one run of the step.
    /// </summary>
    private void ExpectDecision(string step, Func<StepRecord, Approval?, bool> authorises)
    {
        if (Status?.Invoke() is not { } status)
        {
            return;
        }

        var last = status.Finished.LastOrDefault(e => e.Step.StartsWith("approval:", StringComparison.Ordinal) || e.Step == RunbookSteps.Retarget);
        var approval = last is not null && last.Step.StartsWith("approval:", StringComparison.Ordinal) ? status.Approvals.LastOrDefault() : null;
        if (last is null || !authorises(last, approval))
        {
            Violations.Add($"{step} ran after decision '{last?.Step ?? "none"}' ({last?.Result})");
        }

        var decisions = status.Finished.Count(e => e.Step == last?.Step);
        if (Count(step) > decisions && step != RunbookSteps.Push)
        {
            Violations.Add($"{step} ran {Count(step)} times on {decisions} approvals");
        }
    }
}
