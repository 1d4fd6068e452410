using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Tests.Kubernetes;
using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Kubernetes;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Tests.GitOps;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CnpgDrTemporal.Tests.Rebuild;

/// <summary>
/// Planning a rebuild of two databases against the real lab catalog (<c>app</c> has data-bearing lineages,
/// <c>paperless</c> has nothing in S3), a real git remote and the cluster simulator.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RebuildPlanLabTests(LabFixture lab) : IAsyncLifetime
{
    private const string App = "app";
    private const string Empty = GitOpsFixtures.Paperless;
    private readonly GitRemoteFixture repo = LabRepo.Create();
    private ClusterTestBed bed = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        RebuildFixtures.AddDatabase(repo, Empty);
        var settings = lab.Settings();
        foreach (var (k, v) in LabRepo.Settings(repo))
        {
            settings[k] = v;
        }

        settings["Dr:Git:RenderCheck"] = "false";
        bed = await ClusterTestBed.StartAsync(settings: settings);
        foreach (var db in new[] { App, Empty })
        {
            bed.Sim.Seed.Application(db, $"{repo.DatabasesPath}/{db}", ClusterTestBed.Ns, $"{db}-database");
        }

        services = lab.Services(settings);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await bed.DisposeAsync();
        repo.Dispose();
    }

    private RebuildActivities Activities()
    {
        var git = services.GetRequiredService<GitOpsRepo>();
        var planner = new RebuildPlanner(
            bed.Configuration, services.GetRequiredService<GitRemote>(), services.GetRequiredService<BackupCatalogReader>(),
            services.GetRequiredService<TargetChecker>(), git, new Preflight(bed.Api, bed.Configuration), TimeProvider.System);
        return new RebuildActivities(planner, git);
    }

    [Fact]
    public async Task The_database_with_data_is_recovered_and_the_one_without_a_usable_backup_is_skipped()
    {
        // Git writes to the lab's live lineage, which holds data: that is where the rebuild restores from.
        var expected = await lab.TargetChecker().CheckAsync(new TargetCheckRequest(App, LabRepo.WriteLineage));
        var next = await lab.CatalogReader().NextWriteLineageAsync(App, LabRepo.WriteLineage);
        var commits = repo.CommitCount();

        var plan = await Activities().PlanAsync(new RebuildRequest());

        Assert.Equal([App, Empty], plan.Entries.Select(e => e.Database));
        var app = plan.Entry(App)!;
        Assert.Equal(RebuildAction.Recover, app.Action);
        Assert.Equal((expected.Lineage, expected.ProposedBackupIdPin, expected.SystemId, next), (app.SourceLineage, app.BackupId, app.ExpectedSystemId, app.NextLineage));
        Assert.Contains($"restore {App} from {expected.Lineage}", app.Git?.Summary, StringComparison.Ordinal);
        var empty = plan.Entry(Empty)!;
        Assert.Equal(RebuildAction.Skip, empty.Action);
        Assert.Contains("no usable data-bearing backup", empty.Reason, StringComparison.Ordinal);
        Assert.Contains("initdbFor", empty.Reason, StringComparison.Ordinal);
        Assert.Null(empty.Git);
        Assert.Equal(app.Git!.Diff, plan.Diff);
        Assert.Equal(64, plan.PlanHash.Length);
        Assert.Contains($"{Empty}: skip", plan.Summary, StringComparison.Ordinal);
        Assert.Equal(commits, repo.CommitCount());
    }

    [Fact]
    public async Task With_initdb_allowed_both_go_into_one_commit_and_a_rerun_resumes_instead_of_destroying()
    {
        var rebuild = Activities();
        var plan = await rebuild.PlanAsync(new RebuildRequest(InitdbFor: [Empty]));
        var empty = plan.Entry(Empty)!;
        Assert.Equal(RebuildAction.Initdb, empty.Action);
        Assert.Contains("start paperless fresh", empty.Git?.Summary, StringComparison.Ordinal);
        var commits = repo.CommitCount();

        var pushed = await rebuild.PushAsync(new PushRebuildRequest(plan));
        Assert.Equal(commits + 1, repo.CommitCount());
        Assert.Equal(repo.Head().Sha, pushed.Sha);
        Assert.All(plan.Entries, e => Assert.Contains(e.Git!.PlanHash, repo.Head().Message, StringComparison.Ordinal));

        // Argo CD created app's Cluster from the planned recovery: a re-run resumes it and commits nothing.
        var app = plan.Entry(App)!;
        bed.Sim.Seed.RecoveringCluster(ClusterTestBed.Ns, $"{App}-database", source: Suffix(app.SourceLineage!), lineage: Suffix(app.NextLineage!));
        var again = await rebuild.PlanAsync(new RebuildRequest(InitdbFor: [Empty]));
        Assert.Equal(RebuildAction.Resume, again.Entry(App)!.Action);
        Assert.Null(again.Entry(App)!.Git);
        Assert.Equal((app.SourceLineage, app.NextLineage), (again.Entry(App)!.SourceLineage, again.Entry(App)!.NextLineage));
        Assert.Equal(RebuildAction.Initdb, again.Entry(Empty)!.Action);
        Assert.Null(again.Entry(Empty)!.Git);
        var repushed = await rebuild.PushAsync(new PushRebuildRequest(again));
        Assert.Equal((pushed.Sha, commits + 1), (repushed.Sha, repo.CommitCount()));
    }

    [Fact]
    public async Task A_live_Cluster_not_created_by_the_planned_recovery_is_refused()
    {
        bed.Sim.Seed.LiveCluster(ClusterTestBed.Ns, $"{App}-database", lineage: "v2");

        var plan = await Activities().PlanAsync(new RebuildRequest([App]));

        var app = Assert.Single(plan.Entries);
        Assert.Equal(RebuildAction.Skip, app.Action);
        Assert.Contains("refused: live Cluster cloudnative-pg/app-database", app.Reason, StringComparison.Ordinal);
        Assert.Contains("writing to app-database-v2", app.Reason, StringComparison.Ordinal);
        Assert.Contains("never deletes", app.Reason, StringComparison.Ordinal);
        Assert.Null(app.Git);
    }

    [Fact]
    public async Task A_database_git_does_not_have_is_refused_before_anything_else()
    {
        var e = await Assert.ThrowsAsync<Temporalio.Exceptions.ApplicationFailureException>(() => Activities().PlanAsync(new RebuildRequest([App, "nosuchdb"])));

        Assert.Equal("InvalidInput", e.ErrorType);
        Assert.Contains("nosuchdb", e.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Sim.Server.Requests);
    }

    private static string Suffix(string lineage) => lineage[$"{App}-database-".Length..];
}
