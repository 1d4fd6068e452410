using CnpgDrTemporal.Activities.Rebuild;
using CnpgDrTemporal.Tests.Workflows.Fakes;
using CnpgDrTemporal.Workflows.Rebuild;
using Xunit;
using S = CnpgDrTemporal.Workflows.Recovery.RunbookSteps;

namespace CnpgDrTemporal.Tests.Rebuild;

/// <summary>One database's child run over the recovery's steps: no delete, initdb skips recovery and validation.</summary>
public sealed class RebuildDatabaseRunTests
{
    private static Task<RebuildDatabaseResult> RunAsync(RebuildEntry entry, FakeRecoverySteps steps) =>
        RunbookHarness.Drive(() => new RebuildDatabaseRun(new RebuildDatabaseInput(entry, FakeRebuildSteps.Sha, TimeSpan.FromHours(1)), steps, new FakeRunbookHost("cnpg-dr-rebuild-app")).RunAsync(default));

    [Fact]
    public async Task Recover_syncs_to_the_commit_watches_validates_proves_and_restarts_without_deleting()
    {
        var steps = new FakeRecoverySteps();
        steps.Watches.Enqueue(FakeRecoverySteps.Slice(3));
        var result = await RunAsync(FakeRebuildSteps.Recover("app"), steps);

        Assert.Equal(DatabaseOutcome.Rebuilt, result.Outcome);
        Assert.Equal([S.Sync, S.WatchRecovery, S.WatchRecovery, S.Validate, S.ProveLineage, S.RestartConsumers], steps.Calls);
        Assert.Equal([FakeRebuildSteps.Sha], steps.SyncedRevisions);
        Assert.True(result.Validation?.Passed);
    }

    [Fact]
    public async Task Initdb_has_nothing_to_recover_or_validate()
    {
        var steps = new FakeRecoverySteps();
        var entry = new RebuildEntry("app", RebuildAction.Initdb, "initdb allowed", NextLineage: "app-database-v2");
        var result = await RunAsync(entry, steps);

        Assert.Equal(DatabaseOutcome.Rebuilt, result.Outcome);
        Assert.Equal([S.Sync, S.ProveLineage, S.RestartConsumers], steps.Calls);
    }

    [Fact]
    public async Task A_failed_validation_fails_the_database_before_lineage_and_consumers()
    {
        var steps = new FakeRecoverySteps { Validation = new("app", "fake", [new("system-identifier", false, "7412345678901234567", "1")], null) };
        var e = await Assert.ThrowsAsync<Temporalio.Exceptions.ApplicationFailureException>(() => RunAsync(FakeRebuildSteps.Recover("app"), steps));

        Assert.Equal("ValidationFailed", e.ErrorType);
        Assert.DoesNotContain(S.ProveLineage, steps.Calls);
    }
}
