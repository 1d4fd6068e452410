using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Migration;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace CnpgDrTemporal.Tests.Migration;

/// <summary>
/// The migration's own steps on the real <see cref="MigrationActivities"/> (git remote, simulator), each
/// inside an activity environment; the S3 steps are scripted here (the lab test covers them on real S3).
/// Failures reach the runbook as Temporal's application failures, like on a worker.
/// </summary>
public sealed class MigrationStepRunner(MigrationActivities activities) : IMigrationSteps
{
    private readonly Lock gate = new();
    private readonly List<string> calls = [];

    public required Func<MarkArchiveRequest, ArchiveMark> ScriptedMark { get; init; }

    public required Func<ProveArchiveRequest, ArchiveProof> ScriptedProof { get; init; }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    public Task<MigrationPlan> PlanAsync(MigrationRequest request, StepContext step) => RunAsync("MigrationPlan", () => activities.PlanAsync(request));

    public Task<ArchiveMark> MarkArchiveAsync(MarkArchiveRequest request, StepContext step) => RunAsync("MigrationMarkArchive", () => Task.FromResult(ScriptedMark(request)));

    public Task<PushResult> PushAsync(PushRequest request, StepContext step) => RunAsync("MigrationPush", () => activities.PushAsync(request));

    public Task<ArchiveProof> ProveArchiveAsync(ProveArchiveRequest request, StepContext step) => RunAsync("MigrationProveArchive", () => Task.FromResult(ScriptedProof(request)));

    public Task<PushResult> RevertAsync(RevertMigrationRequest request, StepContext step) => RunAsync("MigrationRevert", () => activities.RevertAsync(request));

    private async Task<T> RunAsync<T>(string name, Func<Task<T>> activity)
    {
        lock (gate)
        {
            calls.Add(name);
        }

        var env = new ActivityEnvironment();
        env = env with { Info = env.Info with { ActivityType = name, DataConverter = DrDataConverter.Instance } };
        try
        {
            return await env.RunAsync(activity);
        }
        catch (Exception e) when (e is not ApplicationFailureException)
        {
            throw new ApplicationFailureException(e.Message, errorType: e.GetType().Name, nonRetryable: true);
        }
    }
}

/// <summary>The Temporal server's view of running workflows, as a test sets it.</summary>
public sealed class FakeWorkflowRuns : IWorkflowRuns
{
    public HashSet<string> Running { get; } = [];

    public Task<bool?> IsRunningAsync(string workflowId, CancellationToken ct) => Task.FromResult<bool?>(Running.Contains(workflowId));
}
