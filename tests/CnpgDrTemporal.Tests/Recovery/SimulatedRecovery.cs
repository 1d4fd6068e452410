using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.Tests.EndToEnd;
using CnpgDrTemporal.Tests.Kubernetes;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Common;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Recovery;

/// <summary>
/// A whole recovery runbook on the simulator: the real step activities under the real activity options
/// (<see cref="ActivityStepRunner"/>), timings from the bed's scaled-down <c>Dr:Kubernetes</c> settings
/// carried in the plan; plan, push and validation scripted (no S3, git or restored database here).
/// The live Cluster writes to v8; Argo's sync re-creates it recovering from v6 into v9.
/// </summary>
public sealed class SimulatedRecovery : IAsyncDisposable
{
    public const string Pushed = "9b2e4f6a8c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f";
    public const string PlanHash = "plan-hash-1";

    private SimulatedRecovery(ClusterTestBed bed, ServiceProvider services, RecoveryInput input)
    {
        Bed = bed;
        Services = services;
        var timings = StepTimings.From(bed.Options);
        Steps = new ActivityStepRunner(services.GetRequiredService<RecoveryActivities>())
        {
            ScriptedPlan = r => PlanAsync(r, timings, services.GetRequiredService<Preflight>()),
            ScriptedPush = Push,
            ScriptedValidation = Validation,
        };
        Host = new AsyncRunbookHost(RecoveryInput.WorkflowIdFor(Db));
        Runbook = new RecoveryRunbook(input, Steps, Host);
    }

    public ClusterTestBed Bed { get; }

    public ServiceProvider Services { get; }

    public ActivityStepRunner Steps { get; }

    public AsyncRunbookHost Host { get; }

    public RecoveryRunbook Runbook { get; }

    public Task<RecoveryResult> Run { get; private set; } = Task.FromException<RecoveryResult>(new InvalidOperationException("not started"));

    /// <summary>How many times the runbook called <paramref name="step"/> (each call may make several attempts).</summary>
    public int Calls(string step) => Steps.Attempts.Count(a => a == $"{step}#1");

    /// <summary>The scripted plan: recover from v6 into v9, with the bed's timings and the delete target pinned by the real preflight.</summary>
    public static async Task<RecoveryPlan> PlanAsync(PlanRequest r, StepTimings timings, Preflight preflight)
    {
        var report = await preflight.RunAsync(Db, default);
        var plan = new RecoveryPlan(
            Db, $"recover {Db} from {Db}-database-v6", PlanHash, $"{Db}-database-v6", null, null,
            $"{Db}-database-v8", $"{Db}-database-v9", "7412345678901234567", null, [], null, r.PushMode, [], Timings: timings,
            Git: new GitPlan(new GitEdit(GitEditKind.Recover, Db, $"{Db}-database-v6", $"{Db}-database-v9"), "recover", "--- a/kustomization.yaml", PlanHash, null, Db, [], "after", "recover", DateTimeOffset.UnixEpoch),
            Target: report.PinnedTarget());
        return plan with { PlanHash = RecoveryPlanHash.Of(plan) };
    }

    public static PushResult Push(PushRequest p) =>
        p.Mode == PushMode.Direct ? new PushResult(Pushed, "main", true) : new PushResult(Pushed, $"dr/{Db}-20260801", false);

    public static ValidationReport Validation(ValidateRequest r) =>
        new(Db, "scripted", [new ValidationCheck("system-identifier", true, "7412345678901234567", "7412345678901234567")], null);

    /// <summary>The simulated cluster of the recovery: Application, live Cluster on v8 with its PVC, a consumer; a sync re-creates the Cluster recovering.</summary>
    public static async Task<ClusterTestBed> SeededBedAsync(Action<KubernetesOptions>? tweak)
    {
        var bed = await ClusterTestBed.StartAsync(tweak, new()
        {
            [$"Dr:Databases:{Db}:ConsumerNamespaces:0"] = Db,
            [$"Dr:Databases:{Db}:Namespace"] = Ns,
        });
        bed.Sim.Seed.Application(Db, $"cloudnative-pg/{Db}", Ns, ClusterName);
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, lineage: "v8");
        bed.Sim.Seed.Pvc(Ns, $"{ClusterName}-1", ClusterName, "kubernetes.io/pvc-protection");
        bed.Sim.Seed.Deployment(Db, $"{Db}-web");
        bed.Sim.Argo.OnSynced = (_, _) => bed.Sim.Seed.RecoveringCluster(Ns, ClusterName, source: "v6", lineage: "v9");
        return bed;
    }

    /// <param name="metrics">Where the runbook publishes its metrics (a test runtime's meter to scrape); none by default.</param>
    public static async Task<SimulatedRecovery> StartAsync(Action<KubernetesOptions>? tweak = null, PushMode mode = PushMode.Direct, MetricMeter? metrics = null)
    {
        var bed = await SeededBedAsync(tweak);
        var input = new RecoveryInput(Db, PushMode: mode, ApprovalTimeout: TimeSpan.FromMinutes(10), ReminderInterval: TimeSpan.FromMinutes(10), RecoveryTimeout: TimeSpan.FromMinutes(5));
        var recovery = new SimulatedRecovery(bed, bed.Services(), input);
        recovery.Host.Metrics = metrics ?? recovery.Host.Metrics;
        recovery.Run = Task.Run(() => recovery.Runbook.RunAsync());
        return recovery;
    }

    /// <summary>Waits until <paramref name="step"/>'s approval is pending, then approves it as bob.</summary>
    public async Task<PendingApproval> ApproveAsync(string step)
    {
        var pending = await PendingAsync(step);
        string? refusal = null;
        Host.Signal(() => refusal = Runbook.Inbox.Offer(new Approval(step, Db, pending.PlanHash, "bob", "simulated")));
        Assert.Null(refusal);
        return pending;
    }

    public async Task<PendingApproval> PendingAsync(string step)
    {
        await WaitFor.TrueAsync(() => Run.IsCompleted || (Host.Waiting && Status().PendingApproval?.Step == step), $"approval '{step}' to be pending", TimeSpan.FromSeconds(30));
        return Run.IsCompleted ? throw new Xunit.Sdk.XunitException($"the run ended before approval '{step}': {Describe()}") : Status().PendingApproval!;
    }

    /// <summary>Waits until the run parks for the operator after a failure past the delete.</summary>
    public async Task<RecoveryStatus> ParkedAsync()
    {
        await WaitFor.TrueAsync(() => Run.IsCompleted || (Host.Waiting && Status().State == RunbookStates.WaitingForOperator), "the run to park for the operator", TimeSpan.FromSeconds(30));
        return Run.IsCompleted ? throw new Xunit.Sdk.XunitException($"the run ended instead of parking: {Describe()}") : Status();
    }

    public void Signal(Action<RunbookInbox> signal) => Host.Signal(() => signal(Runbook.Inbox));

    public async Task<RecoveryResult> ResultAsync(TimeSpan within)
    {
        try
        {
            return await Run.WaitAsync(within);
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"the run did not end within {within}: {Describe()}", e);
        }
    }

    /// <summary>A status snapshot; the runbook may be mid-step on another thread, so a racing read is tried again.</summary>
    public RecoveryStatus Status()
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return Runbook.Status;
            }
            catch (InvalidOperationException) when (i < 5)
            {
            }
        }
    }

    public string Describe()
    {
        var now = Status();
        return $"run {Run.Status}; state {now.State}, step {now.CurrentStep ?? "-"}, waiting for '{now.WaitingFor}', failure '{now.Failure}', " +
            $"finished [{string.Join(", ", now.Finished.Select(f => $"{f.Step}: {f.Result}"))}], attempts [{string.Join(", ", Steps.Attempts)}], " +
            $"controller errors: {string.Join(" | ", Bed.Sim.ControllerErrors.Select(e => e.Message))}";
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Bed.DisposeAsync();
    }
}
