using CnpgDrTemporal.Activities.GitOps;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>The one-commit revert of a pushed change (a migration whose proof failed).</summary>
public sealed partial class GitPusher
{
    /// <summary>
    /// Pushes the revert of <paramref name="sha"/> to the tracked branch. Idempotent: when the directory
    /// is already as before that commit, returns the commit that made it so. Refuses when a later commit
    /// changed the directory (a revert would undo someone else's work).
    /// </summary>
    public Task<PushResult> RevertAsync(string directory, string sha, CancellationToken ct)
    {
        var options = remote.Options;
        using var checkout = remote.Clone("revert", ct);
        for (var attempt = 1; attempt <= Math.Max(1, options.PushAttempts); attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var repo = checkout.Repository;
            var head = checkout.Head;
            var commit = repo.Lookup<Commit>(sha);
            if (commit is null || repo.ObjectDatabase.FindMergeBase(commit, head)?.Sha != commit.Sha)
            {
                throw new GitOpsException(GitOpsErrorTypes.UpstreamConflict, $"commit {Short(sha)} is not in the history of {options.Branch} on {remote.SafeUrl}: nothing to revert there");
            }

            var parent = commit.Parents.FirstOrDefault() ?? throw GitOpsException.BadInput($"commit {Short(sha)} has no parent to revert to");
            if (TreeId(head, directory) == TreeId(parent, directory))
            {
                var done = LastCommitTouching(repo, head, directory) ?? head;
                logger.LogInformation("revert of {Sha}: {Directory} is already as before it ({Done})", sha, directory, done.Sha);
                return Task.FromResult(new PushResult(done.Sha, options.Branch, OnTrackedBranch: true, AlreadyPresent: true, attempt));
            }

            if (TreeId(head, directory) != TreeId(commit, directory))
            {
                var culprit = LastCommitTouching(repo, head, directory) ?? head;
                throw new GitOpsException(GitOpsErrorTypes.UpstreamConflict, $"{directory} changed after {Short(sha)}: commit {Short(culprit.Sha)} \"{culprit.MessageShort}\" by {culprit.Author.Name}; revert by hand");
            }

            var author = new Signature(options.AuthorName, options.AuthorEmail, time.GetUtcNow());
            var result = repo.Revert(commit, author, new RevertOptions { CommitOnSuccess = false });
            if (result.Status == RevertStatus.Conflicts)
            {
                throw new GitOpsException(GitOpsErrorTypes.UpstreamConflict, $"revert of {Short(sha)} conflicts; revert by hand");
            }

            var reverted = repo.Commit($"Revert \"{commit.MessageShort}\"\n\nThis reverts commit {commit.Sha}.\n", author, author);
            if (remote.TryPush(checkout, options.Branch, ct))
            {
                logger.LogInformation("revert of {Sha}: pushed {Revert} to {Branch}", sha, reverted.Sha, options.Branch);
                return Task.FromResult(new PushResult(reverted.Sha, options.Branch, OnTrackedBranch: true, AlreadyPresent: false, attempt));
            }

            remote.FetchAndReset(checkout, ct);
        }

        throw new DrException($"{options.Branch} on {remote.SafeUrl} kept moving: gave up the revert after {options.PushAttempts} push attempts");
    }
}
