using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Tests.EndToEnd;
using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Tests.GitOps;
using CnpgDrTemporal.Tests.Kubernetes;
using CnpgDrTemporal.Tests.Recovery;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows.Migration;
using CnpgDrTemporal.Workflows.Recovery;
using Microsoft.Extensions.DependencyInjection;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Migration;

/// <summary>
/// A whole migration on the simulator: the native example (gitea, renamed to the bed's database) in a
/// real bare git remote, the real activities (plan, push, revert, hard refresh, sync, Cluster proof) on
/// the simulator, where "Argo" applies the Cluster git renders at the synced commit and "CNPG" reports
/// ContinuousArchiving for the new spec and completes the plugin Backup. S3 answers are scripted.
/// </summary>
public sealed class SimulatedMigration : IAsyncDisposable
{
    public const string Lineage = $"{Db}-database-v2";
    public static readonly ArchiveMark Mark = new(Lineage, "000000010000000000000007", ["20260701T000000"], ["7412345678901234567"]);

    private SimulatedMigration(ClusterTestBed bed, GitRemoteFixture remote, FakeWorkflowRuns runs, MigrationInput input, Func<ProveArchiveRequest, ArchiveProof> proof)
    {
        Bed = bed;
        Remote = remote;
        Runs = runs;
        Services = bed.Services(s => s.AddSingleton<IWorkflowRuns>(runs));
        Scope = Services.CreateScope();
        Steps = new MigrationStepRunner(Scope.ServiceProvider.GetRequiredService<MigrationActivities>()) { ScriptedMark = _ => Mark, ScriptedProof = proof };
        Cluster = new ActivityStepRunner(Scope.ServiceProvider.GetRequiredService<RecoveryActivities>());
        Host = new AsyncRunbookHost(MigrationInput.WorkflowIdFor(input.Database));
        Runbook = new MigrationRunbook(input, Steps, Cluster, Host);
    }

    public ClusterTestBed Bed { get; }

    public GitRemoteFixture Remote { get; }

    public FakeWorkflowRuns Runs { get; }

    public ServiceProvider Services { get; }

    public IServiceScope Scope { get; }

    public MigrationStepRunner Steps { get; }

    public ActivityStepRunner Cluster { get; }

    public AsyncRunbookHost Host { get; }

    public MigrationRunbook Runbook { get; }

    public Task<MigrationResult> Run { get; private set; } = Task.FromException<MigrationResult>(new InvalidOperationException("not started"));

    /// <summary>S3 shows a new WAL segment and the proof's backup with the lineage's systemid.</summary>
    public static ArchiveProof Proven(ProveArchiveRequest r) =>
        new(true, r.Before.Lineage, "000000010000000000000009", r.BackupId, "7412345678901234567", $"lineage {r.Before.Lineage} keeps archiving");

    public static ArchiveProof NoNewWal(ProveArchiveRequest r) =>
        new(false, r.Before.Lineage, null, r.BackupId, "7412345678901234567", $"lineage {r.Before.Lineage}: no WAL segment newer than {r.Before.LastWal}");

    public static async Task<SimulatedMigration> StartAsync(Func<ProveArchiveRequest, ArchiveProof>? proof = null, Action<SimulatedMigration>? before = null, MigrationInput? input = null)
    {
        var remote = NativeRemote();
        var bed = await ClusterTestBed.StartAsync(null, new()
        {
            ["Dr:Git:RepoUrl"] = remote.Url,
            ["Dr:Git:Branch"] = remote.Branch,
            ["Dr:Git:WorkDir"] = remote.WorkDir,
            ["Dr:Git:DatabasesPath"] = remote.DatabasesPath,
            [$"Dr:Databases:{Db}:Namespace"] = Ns,
            ["Dr:Migration:ArchiveWait"] = "00:00:05",
        });
        bed.Sim.Seed.Application(Db, $"cloudnative-pg/{Db}", Ns, ClusterName);
        bed.Sim.Seed.LiveCluster(Ns, ClusterName, plugin: false, lineage: "v2");
        bed.Sim.Cnpg.ArchivingAfterSpecChange = true;
        bed.Sim.Argo.OnSynced = (_, sha) => bed.Sim.Store.Update(new ObjectKey(ResourceType.Clusters, Ns, ClusterName), c =>
        {
            // "Argo applies git": the Cluster's spec as the directory renders at the synced commit.
            c["spec"] = GitClusterRenderer.ClusterAt(remote.BarePath, sha, remote.DbDir)["spec"]!.DeepClone();
            return c;
        });
        var migration = new SimulatedMigration(bed, remote, new FakeWorkflowRuns(), input ?? new MigrationInput(Db, ApprovalTimeout: TimeSpan.FromMinutes(5)), proof ?? Proven);
        before?.Invoke(migration);
        migration.Run = Task.Run(() => migration.Runbook.RunAsync());
        return migration;
    }

    /// <summary>The gitea example as the bed's database: native shape, writing to <see cref="Lineage"/>.</summary>
    public static GitRemoteFixture NativeRemote()
    {
        var source = GitOpsFixtures.NewTempDir("native");
        GitOpsFixtures.CopyDirectory(GitOpsFixtures.PathOf(GitOpsFixtures.Gitea), source);
        foreach (var file in Directory.EnumerateFiles(source, "*.yaml", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("gitea", Db, StringComparison.Ordinal));
        }

        try
        {
            return GitRemoteFixture.Create(source, Db);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    /// <summary>Waits until <paramref name="step"/>'s approval is pending, then approves it as bob.</summary>
    public async Task<PendingApproval> ApproveAsync(string step)
    {
        await WaitFor.TrueAsync(() => Run.IsCompleted || (Host.Waiting && Runbook.Status.PendingApproval?.Step == step), $"approval '{step}' to be pending", TimeSpan.FromSeconds(60));
        var pending = Run.IsCompleted ? throw new Xunit.Sdk.XunitException($"the run ended before approval '{step}': {Describe()}") : Runbook.Status.PendingApproval!;
        string? refusal = null;
        Host.Signal(() => refusal = Runbook.Inbox.Offer(new Approval(step, Db, pending.PlanHash, "bob", "simulated")));
        Assert.Null(refusal);
        return pending;
    }

    public async Task<MigrationStatus> ParkedAsync()
    {
        await WaitFor.TrueAsync(() => Run.IsCompleted || (Host.Waiting && Runbook.Status.State == RunbookStates.WaitingForOperator), "the run to park for the operator", TimeSpan.FromSeconds(60));
        return Run.IsCompleted ? throw new Xunit.Sdk.XunitException($"the run ended instead of parking: {Describe()}") : Runbook.Status;
    }

    public void Signal(Action<MigrationRunbook> signal) => Host.Signal(() => signal(Runbook));

    public async Task<MigrationResult> ResultAsync()
    {
        try
        {
            return await Run.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException($"the run did not end: {Describe()}", e);
        }
    }

    public string Describe()
    {
        var now = Runbook.Status;
        return $"run {Run.Status}; state {now.State}, step {now.CurrentStep ?? "-"}, evidence [{string.Join(" | ", now.Evidence)}], " +
            $"finished [{string.Join(", ", now.Finished.Select(f => $"{f.Step}: {f.Result}"))}], calls [{string.Join(", ", Steps.Calls)}], attempts [{string.Join(", ", Cluster.Attempts)}], " +
            $"controller errors: {string.Join(" | ", Bed.Sim.ControllerErrors.Select(e => e.Message))}";
    }

    public async ValueTask DisposeAsync()
    {
        Scope.Dispose();
        await Services.DisposeAsync();
        await Bed.DisposeAsync();
        Remote.Dispose();
    }
}
