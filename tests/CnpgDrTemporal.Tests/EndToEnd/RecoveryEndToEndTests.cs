using CnpgDrTemporal.Tests.Recovery;
using System.Diagnostics;
using System.Globalization;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static CnpgDrTemporal.Tests.EndToEnd.EndToEndBed;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;

namespace CnpgDrTemporal.Tests.EndToEnd;

/// <summary>
/// The whole runbook in-process against the lab: real git remote, real S3 catalog, real PostgreSQL,
/// the Kubernetes simulator whose CNPG recovers the re-created Cluster with a real restore of the
/// chosen backup. The real <see cref="IRecoverySteps"/> from DI; approvals given by the test.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RecoveryEndToEndTests(LabFixture lab, ITestOutputHelper output)
{
    private const string SourceLineage = "app-database-v2";
    private const string NextLineage = "app-database-v6"; // v1..v5 exist in S3
    private static readonly TimeSpan StepBudget = TimeSpan.FromSeconds(60);

    private static readonly string[] Order =
        [S.Plan, S.ApprovalKey(S.Plan), S.Push, S.HardRefresh, S.ApprovalKey(S.Delete), S.Delete, S.WaitPvcsGone, S.Sync, S.WatchRecovery, S.Validate, S.ProveLineage, S.RestartConsumers];

    [Fact]
    public async Task The_whole_runbook_recovers_the_lab_database_through_a_real_restore_with_two_approvals()
    {
        var clock = Stopwatch.StartNew();
        await using var bed = await StartAsync(lab);
        await using var scope = bed.Services.CreateAsyncScope();
        var input = new RecoveryInput(Db, SourceLineage: SourceLineage, InitiatedBy: "alice", FourEyes: true, ApprovalTimeout: TimeSpan.FromMinutes(10), ReminderInterval: TimeSpan.FromMinutes(10), RecoveryTimeout: TimeSpan.FromMinutes(2));
        var host = new AsyncRunbookHost(RecoveryInput.WorkflowIdFor(Db));
        var runbook = new RecoveryRunbook(input, new ActivityStepRunner(scope.ServiceProvider.GetRequiredService<RecoveryActivities>()), host);
        var seeded = bed.Git.Head().Sha;
        var run = Task.Run(() => runbook.RunAsync());

        // Gate 1: the plan is computed from the real catalog, repo, cluster and live database; nothing changed yet.
        var planGate = await PendingAsync(S.Plan);
        Assert.Equal(seeded, bed.Git.Head().Sha);
        Assert.Equal(1, bed.Git.CommitCount());
        Assert.Equal([S.Plan], runbook.Status.Finished.Select(f => f.Step));
        Assert.Equal(planGate.PlanHash, runbook.Status.PlanHash);
        Assert.Contains(planGate.PlanHash, planGate.ApproveCommand, StringComparison.Ordinal);
        Assert.Equal("four-eyes: alice started this recovery, another person must approve", Offer(S.Plan, planGate.PlanHash, "alice"));
        Assert.Null(Offer(S.Plan, planGate.PlanHash, "bob"));

        // Gate 2: pushed and refreshed, the live Cluster and its PVC still there, nothing deleted.
        var deleteGate = await PendingAsync(S.Delete);
        output.WriteLine($"delete prompt: {deleteGate.Why} (plan {deleteGate.PlanHash})");
        Assert.Contains($"Cluster {Ns}/{ClusterName} (uid ", deleteGate.Why, StringComparison.Ordinal);
        Assert.Equal(2, bed.Git.CommitCount());
        Assert.NotNull(bed.Sim.Store.Get(new ObjectKey(ResourceType.Clusters, Ns, ClusterName)));
        Assert.DoesNotContain(bed.Sim.Server.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Equal(planGate.PlanHash, deleteGate.PlanHash);
        Assert.Null(Offer(S.Delete, deleteGate.PlanHash, "bob"));

        RecoveryResult result;
        try
        {
            result = await run.WaitAsync(TimeSpan.FromSeconds(100));
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"the recovery run did not end Recovered: {e.Message}; {Describe()}", e);
        }

        var status = runbook.Status;
        output.WriteLine($"recovered in {clock.Elapsed.TotalSeconds:0.0} s; {bed.Restore.Streamed.Count} restore log lines streamed");
        foreach (var f in status.Finished)
        {
            output.WriteLine($"{f.Step,-18} {(f.EndedAt - f.StartedAt).TotalSeconds,6:0.00} s  {f.Result}");
        }

        // The run: recovered, in runbook order, each destructive step once and after its approval.
        Assert.Equal(RecoveryOutcome.Recovered, result.Outcome);
        Assert.Equal(Order, status.Finished.Select(f => f.Step));
        Assert.Empty(bed.Sim.ControllerErrors);
        AssertRanOnceAfter(runbook, S.Push, S.ApprovalKey(S.Plan));
        AssertRanOnceAfter(runbook, S.Delete, S.ApprovalKey(S.Delete));
        Assert.Single(bed.Sim.Server.Requests, r => r.StartsWith($"DELETE /apis/postgresql.cnpg.io/v1/namespaces/{Ns}/clusters/{ClusterName}", StringComparison.Ordinal));
        Assert.Equal(2, bed.Git.CommitCount());
        Assert.Equal(["bob", "bob"], runbook.Status.Approvals.Select(a => a.Approver));

        // The pushed commit: flag on overlays/recovery, source = the chosen lineage, write lineage = next after S3.
        var pushed = bed.Git.Head();
        Assert.Equal(result.PushedSha, pushed.Sha);
        Assert.Equal([seeded], pushed.Parents);
        var kustomization = bed.Git.ReadFile($"{bed.Git.DbDir}/kustomization.yaml")!;
        Assert.Contains("\n  - overlays/recovery", kustomization, StringComparison.Ordinal);
        Assert.DoesNotContain("\n  - overlays/initdb", kustomization, StringComparison.Ordinal);
        var rendered = bed.RenderedCluster(pushed.Sha);
        Assert.Equal(SourceLineage, rendered["spec"]!["externalClusters"]![0]!["barmanObjectStore"]!["serverName"]!.GetValue<string>());
        Assert.Equal(NextLineage, rendered["spec"]!["backup"]!["barmanObjectStore"]!["serverName"]!.GetValue<string>());
        Assert.Equal(NextLineage, result.Plan!.NextLineage);
        Assert.Equal(SourceLineage, bed.Restore.Request!.Lineage);

        // The watch followed the real restore's log: it counted the same WAL segments the restore
        // replayed (timeline history files are restored too, but are not segments), consistency reached.
        var instance = bed.Restore.Instance!;
        var restoredLines = bed.Restore.Streamed.Where(l => l.Contains("restored log file \"", StringComparison.Ordinal) && l.Contains("\" from archive", StringComparison.Ordinal)).ToList();
        Assert.True(instance.Log.WalFilesRestored > 0, "the restore replayed no archived WAL segment");
        Assert.True(restoredLines.Count >= instance.Log.WalFilesRestored);
        Assert.Equal(instance.Log.WalFilesRestored, status.Progress!.RestoredFiles);
        Assert.Contains(restoredLines, l => l.Contains($"restored log file \"{status.Progress.LastRestoredFile}\"", StringComparison.Ordinal));
        Assert.NotNull(status.Progress.ConsistentRecovery);
        Assert.True(status.Progress.Done);

        // Validation ran on the restored server (not the live one) against the live baseline captured by the plan.
        var baseline = result.Plan.Baseline!;
        var validation = result.Validation!;
        Assert.Equal(lab.Fact("systemid_main"), baseline.SystemId);
        Assert.Equal(Count(lab.Fact("count_live")), baseline.Tables.Single(t => t.Name == "orders").Rows);
        Assert.True(validation.Passed, string.Join("; ", validation.Checks.Select(c => $"{c.Name}: {c.Expected} / {c.Actual}")));
        Assert.EndsWith($":{instance.Port}/app", validation.Target, StringComparison.Ordinal);
        Assert.NotEqual(lab.Fact("livePort"), instance.Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(lab.Fact("systemid_main"), validation.Checks.Single(c => c.Name == "system-identifier").Actual);
        Assert.Equal(3, validation.Observed!.Timeline); // v2 lived on timeline 2; the restore promoted to 3
        Assert.Equal(Count(lab.Fact("count_live")), validation.Observed.Tables.Single(t => t.Name == "orders").Rows);
        Assert.Equal(baseline.Tables.Select(t => (t.QualifiedName, t.Rows)), validation.Observed.Tables.Select(t => (t.QualifiedName, t.Rows)));

        // The status query shows a finished run with every step's times and one-line result.
        Assert.Equal(RunbookStates.Finished, status.State);
        Assert.Equal(RecoveryOutcome.Recovered, status.Outcome);
        Assert.Null(status.PendingApproval);
        Assert.Equal(pushed.Sha, status.PushedSha);
        Assert.All(status.Finished, f => Assert.True(f.StartedAt <= f.EndedAt && f.Result.Length > 0, $"{f.Step}: {f.Result}"));
        Assert.Equal($"restarted {ConsumerNs}/{Consumer}", status.Finished.Single(f => f.Step == S.RestartConsumers).Result);
        Assert.Contains(status.Refused, r => r.Reason.StartsWith("four-eyes", StringComparison.Ordinal));
        Assert.Empty(bed.Git.LeftoverClones());
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");

        async Task<PendingApproval> PendingAsync(string step)
        {
            await WaitFor.TrueAsync(() => run.IsCompleted || (host.Waiting && runbook.Status.PendingApproval?.Step == step), $"approval '{step}' to be pending", StepBudget);
            return run.IsCompleted ? throw new Xunit.Sdk.XunitException($"the run ended before approval '{step}': {Describe()}") : runbook.Status.PendingApproval!;
        }

        string? Offer(string step, string planHash, string approver)
        {
            string? refusal = null;
            host.Signal(() => refusal = runbook.Inbox.Offer(new Approval(step, Db, planHash, approver, "end-to-end test")));
            return refusal;
        }

        string Describe()
        {
            // The runbook may be mid-step on another thread: a snapshot can race with it, so retry once.
            RecoveryStatus? now = null;
            for (var i = 0; i < 2 && now is null; i++)
            {
                try
                {
                    now = runbook.Status;
                }
                catch (InvalidOperationException)
                {
                }
            }

            return $"run {run.Status}; step {now?.CurrentStep ?? "-"}, finished [{string.Join(", ", now?.Finished.Select(f => $"{f.Step}: {f.Result}") ?? [])}], " +
                $"watch {now?.Progress?.RestoredFiles} WAL, last '{now?.Progress?.LastLine}'; restore lines {bed.Restore.Streamed.Count}; " +
                $"controller errors: {string.Join(" | ", bed.Sim.ControllerErrors.Select(e => e.Message))}";
        }
    }

    [Fact]
    public async Task A_dry_run_without_a_source_plans_from_the_lineage_git_writes_to_and_changes_nothing()
    {
        await using var bed = await StartAsync(lab);
        await using var scope = bed.Services.CreateAsyncScope();
        var seeded = bed.Git.Head().Sha;
        var input = new RecoveryInput(Db, DryRun: true, ApprovalTimeout: TimeSpan.FromMinutes(10), ReminderInterval: TimeSpan.FromMinutes(10));
        var runbook = new RecoveryRunbook(input, new ActivityStepRunner(scope.ServiceProvider.GetRequiredService<RecoveryActivities>()), new AsyncRunbookHost(RecoveryInput.WorkflowIdFor(Db)));

        var result = await runbook.RunAsync().WaitAsync(StepBudget);

        Assert.Equal(RecoveryOutcome.DryRun, result.Outcome);
        Assert.Equal(SourceLineage, result.Plan!.SourceLineage); // git writes to v2; v5 is newer in S3 but not where the data went
        Assert.Equal(NextLineage, result.Plan.NextLineage);
        Assert.Equal(lab.Fact("systemid_main"), result.Plan.ExpectedSystemId);
        Assert.Equal(Count(lab.Fact("count_live")), result.Plan.Baseline!.Tables.Single(t => t.Name == "orders").Rows);
        Assert.Equal(seeded, bed.Git.Head().Sha);
        Assert.DoesNotContain(bed.Sim.Server.Requests, r => !r.StartsWith("GET", StringComparison.Ordinal));
    }

    /// <summary>The step is listed once, and it started after its approval ended.</summary>
    private static void AssertRanOnceAfter(RecoveryRunbook runbook, string step, string approval)
    {
        var finished = runbook.Status.Finished;
        var ran = Assert.Single(finished, e => e.Step == step);
        var approved = Assert.Single(finished, e => e.Step == approval);
        Assert.DoesNotContain("failed:", ran.Result, StringComparison.Ordinal);
        Assert.True(approved.EndedAt <= ran.StartedAt, $"{step} started {ran.StartedAt:O} before {approval} ended {approved.EndedAt:O}");
        Assert.True(finished.ToList().IndexOf(approved) < finished.ToList().IndexOf(ran), $"{step} is listed before {approval}");
    }

    private static long Count(string fact) => long.Parse(fact, CultureInfo.InvariantCulture);
}
