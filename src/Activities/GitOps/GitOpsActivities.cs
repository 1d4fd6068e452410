using Temporalio.Activities;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// The git side of DR. Plans read a fresh clone and have no side effects; <see cref="CommitAndPushAsync"/>
/// pushes exactly a plan (refusing a stale one) and is idempotent. GitOps refusals are
/// non-retryable failures whose <c>errorType</c> is one of <see cref="GitOpsErrorTypes"/>.
/// </summary>
public sealed class GitOpsActivities(GitRemote remote, GitOpsPlanner planner, GitPusher pusher)
{
    [Activity]
    public Task<DatabaseSnapshot> ReadDatabaseAsync(ReadDatabaseRequest request) => Guard(() =>
    {
        using var checkout = remote.Clone("read", CancellationToken());
        var layout = DatabaseDirectory.Read(checkout.Load(remote.Options, request.Database));
        return Task.FromResult(new DatabaseSnapshot(layout, checkout.Head.Sha));
    });

    [Activity]
    public Task<GitPlan> PlanRecoveryAsync(RecoveryEditRequest request) => PlanAsync(request.ToEdit());

    [Activity]
    public Task<GitPlan> PlanFlipBackAsync(FlipBackRequest request) =>
        PlanAsync(new GitEdit(GitEditKind.FlipBack, request.Database));

    [Activity]
    public Task<GitPlan> PlanFreshLineageAsync(FreshLineageRequest request) =>
        PlanAsync(new GitEdit(GitEditKind.FreshLineage, request.Database, NextLineage: request.NextLineage));

    [Activity]
    public Task<PushResult> CommitAndPushAsync(PushRequest request) =>
        Guard(() => pusher.PushAsync(request, CancellationToken()));

    /// <summary>Several plans (one per database directory) in one commit; idempotent like <see cref="CommitAndPushAsync"/>.</summary>
    [Activity]
    public Task<PushResult> CommitAndPushAllAsync(MultiPushRequest request) =>
        Guard(() => pusher.PushAllAsync(request, CancellationToken()));

    private Task<GitPlan> PlanAsync(GitEdit edit) => Guard(async () =>
    {
        // Bad input is refused before any clone.
        GitOpsEdits.ValidateRequest(edit);
        using var checkout = remote.Clone("plan", CancellationToken());
        var before = checkout.Load(remote.Options, edit.Database);
        var change = await planner.PlanAsync(before, edit, checkout.Head.Sha, CancellationToken()).ConfigureAwait(false);
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

    private static CancellationToken CancellationToken() =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;
}
