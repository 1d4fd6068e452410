using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.GitOps.Migration;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>
/// The GitOps repository as the steps and verbs use it. Plans read a fresh clone and have no side
/// effects; <see cref="PushAsync"/> pushes exactly a plan (refusing a stale one) and is idempotent.
/// GitOps refusals become non-retryable failures whose <c>errorType</c> is one of <see cref="GitOpsErrorTypes"/>.
/// </summary>
public sealed class GitOpsRepo(GitRemote remote, GitOpsPlanner planner, GitPusher pusher, PluginMigrationPlanner migrations)
{
    public Task<DatabaseSnapshot> ReadDatabaseAsync(string database, CancellationToken ct) => Guard(() =>
    {
        using var checkout = remote.Clone("read", ct);
        var layout = DatabaseDirectory.Read(checkout.Load(remote.Options, database));
        return Task.FromResult(new DatabaseSnapshot(layout, checkout.Head.Sha));
    });

    public Task<GitPlan> PlanRecoveryAsync(RecoveryEditRequest request, CancellationToken ct) => PlanAsync(request.ToEdit(), ct);

    public Task<GitPlan> PlanFlipBackAsync(string database, CancellationToken ct) =>
        PlanAsync(new GitEdit(GitEditKind.FlipBack, database), ct);

    public Task<GitPlan> PlanFreshLineageAsync(string database, string nextLineage, CancellationToken ct) =>
        PlanAsync(new GitEdit(GitEditKind.FreshLineage, database, NextLineage: nextLineage), ct);

    /// <summary>The move of <paramref name="database"/>'s backups to the Barman Cloud plugin: a refusal or a plan, with the rendered difference.</summary>
    public Task<MigrationGitPlan> PlanMigrationAsync(string database, PluginMigrationOptions options, CancellationToken ct) => Guard(async () =>
    {
        GitOpsEdits.ValidateRequest(new GitEdit(GitEditKind.MigrateToPlugin, database, Migration: options));
        using var checkout = remote.Clone("plan", ct);
        return await migrations.PlanAsync(checkout.Load(remote.Options, database), options, checkout.Head.Sha, ct).ConfigureAwait(false);
    });

    /// <summary>Pushes the revert of commit <paramref name="sha"/> in <paramref name="database"/>'s directory; idempotent.</summary>
    public Task<PushResult> RevertAsync(string database, string sha, CancellationToken ct) => Guard(() =>
    {
        DbFiles.ValidateDatabaseName(database);
        return pusher.RevertAsync(remote.Options.DatabaseDirectory(database), sha, ct);
    });

    public Task<PushResult> PushAsync(PushRequest request, CancellationToken ct) =>
        Guard(() => pusher.PushAsync(request, ct));

    /// <summary>Several plans (one per database directory) in one commit; idempotent like <see cref="PushAsync"/>.</summary>
    public Task<PushResult> PushAllAsync(MultiPushRequest request, CancellationToken ct) =>
        Guard(() => pusher.PushAllAsync(request, ct));

    private Task<GitPlan> PlanAsync(GitEdit edit, CancellationToken ct) => Guard(async () =>
    {
        // Bad input is refused before any clone.
        GitOpsEdits.ValidateRequest(edit);
        using var checkout = remote.Clone("plan", ct);
        var before = checkout.Load(remote.Options, edit.Database);
        var change = await planner.PlanAsync(before, edit, checkout.Head.Sha, ct).ConfigureAwait(false);
        return change.Plan;
    });

    /// <summary>GitOps refusals become non-retryable Temporal failures; nothing else is caught.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (GitOpsException e)
        {
            throw new ApplicationFailureException(e.Message, errorType: e.ErrorType, nonRetryable: true);
        }
    }
}
