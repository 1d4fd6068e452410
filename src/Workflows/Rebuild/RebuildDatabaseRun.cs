using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows.Recovery;

namespace CnpgDrTemporal.Workflows.Rebuild;

/// <summary>
/// One database after the rebuild commit (steps 6-10 of the runbook, no delete): sync its Application to
/// the commit, watch the recovery, validate against the chosen backup's systemid, prove the new lineage,
/// restart its consumers. An initdb database has nothing to recover or validate. Deterministic core.
/// </summary>
public sealed class RebuildDatabaseRun(RebuildDatabaseInput input, IRecoverySteps steps, IRunbookHost host)
{
    private readonly List<string> done = [];

    public string? CurrentStep { get; private set; }

    /// <summary>Finished steps with their one-line results, for the child's <c>status</c> query.</summary>
    public IReadOnlyList<string> Done => done;

    public async Task<RebuildDatabaseResult> RunAsync(CancellationToken ct)
    {
        var e = input.Entry;
        var db = e.Database;
        var sync = await Step(RunbookSteps.Sync, () => steps.SyncAsync(new SyncRequest(db, input.Revision), Step(ct)), r => $"{r.Phase} at {r.Revision}");
        ValidationReport? validation = null;
        if (e.Action != RebuildAction.Initdb)
        {
            var systemId = e.ExpectedSystemId ?? throw RunbookFailures.NonRetryable(RecoveryErrorTypes.InvalidInput, $"plan entry of {db} carries no expected systemid");
            await Step(RunbookSteps.WatchRecovery, () => WatchAsync(db, systemId, ct), p => $"{p.RestoredFiles} WAL file(s) restored, {p.ClusterPhase}");
            validation = await Step(RunbookSteps.Validate, () => steps.ValidateAsync(new ValidateRequest(db, new ValidationExpectation(systemId, e.SourceTimeline)), Step(ct)), v => v.Passed ? "passed" : "failed");
            if (!validation.Passed)
            {
                throw RunbookFailures.NonRetryable(RecoveryErrorTypes.ValidationFailed, $"{db}: validation failed: {string.Join("; ", validation.Checks.Where(c => !c.Passed).Select(c => $"{c.Name} expected {c.Expected}, got {c.Actual}"))}");
            }
        }

        var next = e.NextLineage ?? throw RunbookFailures.NonRetryable(RecoveryErrorTypes.InvalidInput, $"plan entry of {db} carries no write lineage");
        var proof = await Step(RunbookSteps.ProveLineage, () => steps.ProveLineageAsync(new ProveLineageRequest(db, next), Step(ct)), p => p.Detail);
        if (!proof.Proven)
        {
            throw RunbookFailures.NonRetryable(RecoveryErrorTypes.LineageNotProven, $"{db}: {proof.Detail}");
        }

        var restarted = await Step(RunbookSteps.RestartConsumers, () => steps.RestartConsumersAsync(new RestartConsumersRequest(db, e.ConsumerNamespaces ?? []), Step(ct)), r => $"{r.Rollouts.Count} restarted");
        CurrentStep = null;
        return new RebuildDatabaseResult(db, e.Action, DatabaseOutcome.Rebuilt, $"synced {sync.Revision}; {proof.Detail}; {restarted.Rollouts.Count} consumer(s) restarted", validation);
    }

    /// <summary>Watch slices until the recovery is done or the deadline passed.</summary>
    private async Task<RecoveryProgress> WatchAsync(string db, string systemId, CancellationToken ct)
    {
        var deadline = host.UtcNow + input.RecoveryTimeout;
        RecoveryProgress? progress = null;
        while (progress is not { Done: true })
        {
            if (host.UtcNow > deadline)
            {
                throw RunbookFailures.NonRetryable(RecoveryErrorTypes.RecoveryTimedOut, $"{db}: recovery not done after {input.RecoveryTimeout} (last: {progress?.LastLine ?? "nothing"})");
            }

            progress = await steps.WatchRecoveryAsync(new WatchRecoveryRequest(db, systemId, progress, Timings.WatchSlice), Step(ct));
        }

        return progress;
    }

    /// <summary>The timings of the rebuild's plan (the worker's settings then).</summary>
    private StepTimings Timings => input.Timings ?? StepTimings.Default;

    private StepContext Step(CancellationToken ct) => new(Timings, ct);

    private async Task<T> Step<T>(string name, Func<Task<T>> run, Func<T, string> describe)
    {
        CurrentStep = name;
        var result = await run();
        done.Add($"{name}: {describe(result)}");
        return result;
    }
}
