using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Activities.Recovery;
using CnpgDrTemporal.KubeSim;
using CnpgDrTemporal.Tests.EndToEnd;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Workflows.Migration;
using CnpgDrTemporal.Workflows.Recovery;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Xunit;
using static CnpgDrTemporal.Tests.Kubernetes.ClusterTestBed;

namespace CnpgDrTemporal.Tests.Migration;

/// <summary>The migration runbook on the simulator with a real git remote: plan → approval → push → refresh → sync → prove, and its refusals and revert.</summary>
public sealed class MigrationRunbookTests
{
    [Fact]
    public async Task PlanApprovalPushRefreshSyncProveMigratesAndASecondRunIsANoOp()
    {
        await using var sim = await SimulatedMigration.StartAsync();

        var pending = await sim.ApproveAsync(RunbookSteps.Plan);
        var result = await sim.ResultAsync();

        Assert.True(result.Outcome == MigrationOutcome.Migrated, sim.Describe());
        Assert.Contains("+  plugins:", pending.Diff, StringComparison.Ordinal);
        Assert.Contains("barmancloud.cnpg.io/v1 ObjectStore cloudnative-pg/paperless-objectstore (new)", sim.Runbook.Status.RenderedDifference, StringComparison.Ordinal);
        Assert.Equal(
            [RunbookSteps.Plan, RunbookSteps.ApprovalKey(RunbookSteps.Plan), MigrationRunbook.MarkArchive, RunbookSteps.Push, RunbookSteps.HardRefresh, RunbookSteps.Sync, RunbookSteps.ProveLineage, MigrationRunbook.ProveArchive],
            sim.Runbook.Status.Finished.Select(f => f.Step));

        // Git: the pushed commit is the tracked head and carries the plugin shape with the same lineage.
        Assert.Equal(result.PushedSha, Head(sim));
        var layout = DatabaseDirectory.Read(DbFilesAt(sim, result.PushedSha!));
        Assert.Equal((BackupShape.Plugin, SimulatedMigration.Lineage), (layout.Shape, layout.WriteLineage));

        // Cluster: synced to the plugin shape, archiving, and the proof's Backup went through the plugin.
        var cluster = sim.Bed.Sim.Store.Get(new ObjectKey(ResourceType.Clusters, Ns, ClusterName))!;
        Assert.Null(cluster["spec"]?["backup"]?["barmanObjectStore"]);
        Assert.Equal(SimulatedMigration.Lineage, cluster["spec"]!["plugins"]![0]!["parameters"]!["serverName"]!.GetValue<string>());
        var backup = Assert.Single(sim.Bed.Sim.Store.List(ResourceType.Backups, Ns).Items);
        Assert.Equal(("plugin", "barman-cloud.cloudnative-pg.io", "completed"), (backup["spec"]!["method"]!.GetValue<string>(), backup["spec"]!["pluginConfiguration"]!["name"]!.GetValue<string>(), backup["status"]!["phase"]!.GetValue<string>()));

        // A second run finds git in plugin shape and does nothing.
        var again = new MigrationRunbook(new MigrationInput(Db), sim.Steps, sim.Cluster, new AsyncRunbookHost(MigrationInput.WorkflowIdFor(Db)));
        var second = await again.RunAsync();
        Assert.Equal(MigrationOutcome.AlreadyMigrated, second.Outcome);
        Assert.Contains("already in plugin shape", second.Reason, StringComparison.Ordinal);
        Assert.Equal(result.PushedSha, Head(sim));
        Assert.Single(sim.Steps.Calls, c => c == "MigrationPush");
    }

    [Fact]
    public async Task AFailedProofParksWithTheEvidenceAndRevertPushesTheRevertCommit()
    {
        await using var sim = await SimulatedMigration.StartAsync(SimulatedMigration.NoNewWal);
        var original = Head(sim);

        await sim.ApproveAsync(RunbookSteps.Plan);
        var parked = await sim.ParkedAsync();

        Assert.Contains(parked.Evidence, e => e.StartsWith($"{MigrationRunbook.ProveArchive}: lineage {SimulatedMigration.Lineage}: no WAL segment newer than 000000010000000000000007", StringComparison.Ordinal));
        Assert.Contains(parked.OperatorCommands, c => c.Contains("--name revert", StringComparison.Ordinal));
        var pushed = parked.PushedSha!;
        Assert.Equal(pushed, Head(sim));

        sim.Signal(r => r.OfferRevert(new RevertRequest("bob", "no WAL after the change")));
        var result = await sim.ResultAsync();

        Assert.True(result.Outcome == MigrationOutcome.Reverted, sim.Describe());
        Assert.Equal(result.RevertSha, Head(sim));
        using (var repo = new Repository(sim.Remote.BarePath))
        {
            var revert = repo.Lookup<Commit>(result.RevertSha);
            Assert.Equal(pushed, Assert.Single(revert.Parents).Sha);
            Assert.Equal(repo.Lookup<Commit>(original)[sim.Remote.DbDir].Target.Sha, revert[sim.Remote.DbDir].Target.Sha);
        }

        // Argo synced the revert: the live Cluster writes through barmanObjectStore again, same lineage.
        var cluster = sim.Bed.Sim.Store.Get(new ObjectKey(ResourceType.Clusters, Ns, ClusterName))!;
        Assert.Equal(SimulatedMigration.Lineage, cluster["spec"]!["backup"]!["barmanObjectStore"]!["serverName"]!.GetValue<string>());
        Assert.Null(cluster["spec"]?["plugins"]);
    }

    [Fact]
    public async Task ARunningRecoveryOfTheSameDatabaseRefusesTheMigrationBeforeAnyChange()
    {
        await using var sim = await SimulatedMigration.StartAsync(before: s => s.Runs.Running.Add(DrWorkflowIds.Recovery(Db)));
        var head = Head(sim);

        var result = await sim.ResultAsync();

        Assert.Equal(MigrationOutcome.Refused, result.Outcome);
        Assert.Equal($"recovery cnpg-dr-{Db} is running: migrate after it ended", result.Reason);
        Assert.Equal(["MigrationPlan"], sim.Steps.Calls);
        Assert.Equal(head, Head(sim));
    }

    [Fact]
    public async Task ARunningMigrationRefusesTheRecoveryPlan()
    {
        await using var sim = await SimulatedMigration.StartAsync(before: s => s.Runs.Running.Add(DrWorkflowIds.Migration(Db)));
        await WaitFor.TrueAsync(() => sim.Runbook.Status.PendingApproval is not null, "the plan approval", TimeSpan.FromSeconds(60));

        var plan = await sim.Scope.ServiceProvider.GetRequiredService<RecoveryPlanner>().PlanAsync(new PlanRequest(Db), default);

        Assert.Equal($"backup migration cnpg-dr-migrate-{Db} is running: recover after it ended (or abort it)", plan.Refusal);
        sim.Signal(r => r.Inbox.Reject(new StopRequest("test over", "bob")));
        Assert.Equal(MigrationOutcome.Rejected, (await sim.ResultAsync()).Outcome);
    }

    [Fact]
    public async Task ARevertOutsideAParkIsRefusedAndChangesNothing()
    {
        await using var sim = await SimulatedMigration.StartAsync();
        await WaitFor.TrueAsync(() => sim.Runbook.Status.PendingApproval is not null, "the plan approval", TimeSpan.FromSeconds(60));

        sim.Signal(r => r.OfferRevert(new RevertRequest("eve")));

        Assert.Contains(sim.Runbook.Status.Refused, r => r.Name == MigrationRunbook.Revert && r.Reason.StartsWith("no revert is awaited", StringComparison.Ordinal));
        await sim.ApproveAsync(RunbookSteps.Plan);
        Assert.Equal(MigrationOutcome.Migrated, (await sim.ResultAsync()).Outcome);
    }

    private static string Head(SimulatedMigration sim)
    {
        using var repo = new Repository(sim.Remote.BarePath);
        return repo.Branches[sim.Remote.Branch].Tip.Sha;
    }

    private static DbFiles DbFilesAt(SimulatedMigration sim, string sha)
    {
        using var repo = new Repository(sim.Remote.BarePath);
        var tree = (Tree)repo.Lookup<Commit>(sha)[sim.Remote.DbDir].Target;
        var files = System.Collections.Immutable.ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        Collect(tree, string.Empty, files);
        return new DbFiles(Db, sim.Remote.DbDir, files.ToImmutable());
    }

    private static void Collect(Tree tree, string prefix, IDictionary<string, string> files)
    {
        foreach (var entry in tree)
        {
            if (entry.Target is Tree sub)
            {
                Collect(sub, $"{prefix}{entry.Name}/", files);
            }
            else if (entry.Target is Blob blob)
            {
                files[$"{prefix}{entry.Name}"] = blob.GetContentText();
            }
        }
    }
}
