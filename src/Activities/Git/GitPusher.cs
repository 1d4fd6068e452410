using CnpgDrTemporal.Activities.GitOps;
using System.Globalization;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>
/// Commits exactly a planned change in a fresh clone and pushes it. Idempotent: a change already
/// on the remote is found and its SHA returned. Safe under races: when the branch moved, the
/// change is re-applied only if nothing under the database directory changed upstream.
/// </summary>
public sealed partial class GitPusher(GitRemote remote, GitOpsPlanner planner, TimeProvider time, ILogger<GitPusher> logger)
{
    /// <summary>Called with the clone's path after the commit and before each push (tests push a competing commit here).</summary>
    public Action<string>? BeforePush { get; set; }

    public static string ReviewBranch(string database, DateTimeOffset at) =>
        $"{GitOpsNames.ReviewBranchPrefix}{database}-{at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";

    public Task<PushResult> PushAsync(PushRequest request, CancellationToken ct)
    {
        var plan = request.Plan;
        var target = request.Mode == PushMode.Direct ? remote.Options.Branch : ReviewBranch(plan.Edit.Database, request.RequestedAt ?? plan.PlannedAt);
        return PushPlansAsync([plan], plan.CommitMessage, plan.Summary, request.Mode, target, ct);
    }

    /// <summary>
    /// Commits and pushes <paramref name="plans"/> (one per database directory) as one commit with
    /// <paramref name="message"/>; plans already on the branch are left out, and when all are there the
    /// commit that carried them is returned.
    /// </summary>
    private async Task<PushResult> PushPlansAsync(IReadOnlyList<GitPlan> plans, string message, string summary, PushMode mode, string target, CancellationToken ct)
    {
        var options = remote.Options;
        using var checkout = remote.Clone("push", ct);
        if (mode == PushMode.ReviewBranch && ExistingReviewBranch(checkout, target, plans) is { } existing)
        {
            return existing;
        }

        for (var attempt = 1; attempt <= Math.Max(1, options.PushAttempts); attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var head = checkout.Head;
            var pending = plans.Select(p => (Plan: p, Current: checkout.Load(options, p.Edit.Database))).Where(p => !PlanBuilder.IsApplied(p.Plan, p.Current)).ToList();
            if (pending.Count == 0)
            {
                var sha = CommitOf(checkout.Repository, head, plans[0]);
                logger.LogInformation("{Summary}: already on {Branch} in {Sha}", summary, options.Branch, sha);
                return new PushResult(sha, options.Branch, OnTrackedBranch: true, AlreadyPresent: true, attempt);
            }

            var changes = new List<PlannedChange>();
            foreach (var (plan, current) in pending)
            {
                RefuseUpstreamChange(checkout, plan);
                var change = await planner.PlanAsync(current, plan.Edit, head.Sha, ct, plan.PlannedAt).ConfigureAwait(false);
                if (change.Plan.PlanHash != plan.PlanHash)
                {
                    throw new GitOpsException(GitOpsErrorTypes.StalePlan, $"plan {Short(plan.PlanHash)} for {plan.Directory} is stale: on {options.Branch} at {Short(head.Sha)} the same edit gives plan {Short(change.Plan.PlanHash)}; re-plan and approve again");
                }

                changes.Add(change);
            }

            var commit = Commit(checkout, changes, message);
            BeforePush?.Invoke(checkout.Path);
            if (remote.TryPush(checkout, target, ct))
            {
                logger.LogInformation("{Summary}: pushed {Sha} to {Branch}", summary, commit.Sha, target);
                return new PushResult(commit.Sha, target, mode == PushMode.Direct, AlreadyPresent: false, attempt);
            }

            if (mode == PushMode.ReviewBranch)
            {
                remote.FetchAndReset(checkout, ct);
                return ExistingReviewBranch(checkout, target, plans)
                    ?? throw new GitOpsException(GitOpsErrorTypes.UpstreamConflict, $"push of review branch {target} to {remote.SafeUrl} was rejected");
            }

            remote.FetchAndReset(checkout, ct);
        }

        throw new DrException($"{options.Branch} on {remote.SafeUrl} kept moving: gave up after {options.PushAttempts} push attempts");
    }

    private Commit Commit(GitCheckout checkout, IReadOnlyList<PlannedChange> changes, string message)
    {
        foreach (var change in changes)
        {
            Commands.Stage(checkout.Repository, change.After.WriteChanges(checkout.Path, change.Before));
        }

        var options = remote.Options;
        var author = new Signature(options.AuthorName, options.AuthorEmail, time.GetUtcNow());
        return checkout.Repository.Commit(message, author, author);
    }

    /// <summary>The existing review branch when it holds every plan's change; refuses when it holds something else.</summary>
    private PushResult? ExistingReviewBranch(GitCheckout checkout, string target, IReadOnlyList<GitPlan> plans)
    {
        PushResult? found = null;
        foreach (var plan in plans)
        {
            found = ExistingReviewBranch(checkout, target, plan);
        }

        return found;
    }

    /// <summary>Returns the existing review branch when it holds the change; refuses when it holds something else.</summary>
    private PushResult? ExistingReviewBranch(GitCheckout checkout, string target, GitPlan plan)
    {
        var branch = checkout.Repository.Branches[$"origin/{target}"];
        if (branch is null)
        {
            return null;
        }

        var blobs = plan.ChangedFiles.Select(p => (Path: p, Blob: branch.Tip[p]?.Target as Blob)).ToList();
        var current = new DbFiles(plan.Edit.Database, plan.Directory, System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(
            StringComparer.Ordinal,
            blobs.Where(b => b.Blob is not null).Select(b => KeyValuePair.Create(b.Path[(plan.Directory.Length + 1)..], b.Blob!.GetContentText()))));
        if (!PlanBuilder.IsApplied(plan, current))
        {
            throw new GitOpsException(GitOpsErrorTypes.UpstreamConflict, $"review branch {target} already exists on {remote.SafeUrl} at {Short(branch.Tip.Sha)} with other content");
        }

        return new PushResult(CommitOf(checkout.Repository, branch.Tip, plan), target, OnTrackedBranch: false, AlreadyPresent: true, 1);
    }

    /// <summary>Refuses when a commit after the plan's base changed the database directory.</summary>
    private void RefuseUpstreamChange(GitCheckout checkout, GitPlan plan)
    {
        var repo = checkout.Repository;
        var head = checkout.Head;
        if (plan.BaseCommit is null || plan.BaseCommit == head.Sha)
        {
            return;
        }

        var baseCommit = repo.Lookup<Commit>(plan.BaseCommit);
        if (baseCommit is null || repo.ObjectDatabase.FindMergeBase(baseCommit, head)?.Sha != baseCommit.Sha)
        {
            throw new GitOpsException(GitOpsErrorTypes.UpstreamConflict, $"the plan's base commit {Short(plan.BaseCommit)} is not in the history of {checkout.Branch} on {remote.SafeUrl} (rewritten?); re-plan");
        }

        if (TreeId(baseCommit, plan.Directory) == TreeId(head, plan.Directory))
        {
            return;
        }

        var filter = new CommitFilter { IncludeReachableFrom = head, ExcludeReachableFrom = baseCommit, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time };
        var culprit = repo.Commits.QueryBy(filter).FirstOrDefault(c => Touches(c, plan.Directory)) ?? head;
        throw new GitOpsException(
            GitOpsErrorTypes.UpstreamConflict,
            $"{checkout.Branch} moved since the plan: commit {Short(culprit.Sha)} \"{culprit.MessageShort}\" by {culprit.Author.Name} changed {plan.Directory}; re-plan");
    }

    /// <summary>The commit that carried out <paramref name="plan"/>: the one with its trailer, else the last one that changed its directory.</summary>
    private static string CommitOf(IRepository repo, Commit from, GitPlan plan)
    {
        var trailer = $"{GitOpsNames.PlanHashTrailer}: {plan.PlanHash}";
        var history = repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = from, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time }).Take(10_000);
        return history.FirstOrDefault(c => c.Message.Contains(trailer, StringComparison.Ordinal))?.Sha
            ?? LastCommitTouching(repo, from, plan.Directory)?.Sha
            ?? from.Sha;
    }

    /// <summary>The newest commit reachable from <paramref name="from"/> that changed <paramref name="directory"/>.</summary>
    public static Commit? LastCommitTouching(IRepository repo, Commit from, string directory) =>
        repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = from, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time })
            .Take(10_000)
            .FirstOrDefault(c => Touches(c, directory));

    private static bool Touches(Commit commit, string directory) =>
        TreeId(commit, directory) != (commit.Parents.FirstOrDefault() is { } parent ? TreeId(parent, directory) : null);

    private static string? TreeId(Commit commit, string directory) => commit[directory]?.Target.Sha;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
