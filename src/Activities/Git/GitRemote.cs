using CnpgDrTemporal.Activities.GitOps;
using System.Diagnostics;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>
/// Talks to the GitOps remote with LibGit2Sharp: list branches, clone, fetch, push. Every
/// LibGit2Sharp failure leaves as a <see cref="DrException"/> whose message names the URL
/// without credentials and never the token, and without the LibGit2Sharp exception (its text
/// may quote the URL): transfers heartbeat and honour cancellation.
/// </summary>
public sealed class GitRemote(IOptions<GitOpsOptions> options, ILogger<GitRemote> logger)
{
    public GitOpsOptions Options => options.Value;

    /// <summary>The configured URL without user info or any known secret, safe for messages.</summary>
    public string SafeUrl => SecretScrubber.Scrub(RequireUrl());

    /// <summary>Branch name (without <c>refs/heads/</c>) to commit SHA, as the remote has them now.</summary>
    public IReadOnlyDictionary<string, string> ListBranches()
    {
        var token = GitToken.Resolve(Options);
        var refs = Run("ls-remote", token, () => Repository.ListRemoteReferences(RequireUrl(), token.Handler(Options.TokenUsername)).ToList());
        return refs
            .Where(r => r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal) && r.TargetIdentifier is not null)
            .ToDictionary(r => r.CanonicalName["refs/heads/".Length..], r => r.TargetIdentifier, StringComparer.Ordinal);
    }

    /// <summary>Clones the tracked branch into a new folder under the work directory.</summary>
    public GitCheckout Clone(string purpose, CancellationToken ct)
    {
        var branch = Options.Branch;
        if (!ListBranches().ContainsKey(branch))
        {
            throw new GitOpsException(GitOpsErrorTypes.BranchMissing, $"branch {branch} not found on {SafeUrl} ({GitOpsOptions.Section}:Branch)");
        }

        var path = System.IO.Path.Combine(Options.WorkDir, $"{purpose}-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Options.WorkDir);
        var token = GitToken.Resolve(Options);
        try
        {
            var clone = new CloneOptions(FetchOptions(token, ct)) { BranchName = branch };
            Run("clone", token, () => Repository.Clone(RequireUrl(), path, clone));
            logger.LogInformation("cloned {Url} {Branch} into {Path}", SafeUrl, branch, path);
            return new GitCheckout(new Repository(path), path, branch);
        }
        catch
        {
            GitCheckout.DeleteDirectory(path);
            throw;
        }
    }

    /// <summary>Fetches every branch and resets the clone hard onto the remote's tracked branch.</summary>
    public void FetchAndReset(GitCheckout checkout, CancellationToken ct)
    {
        var token = GitToken.Resolve(Options);
        var remote = checkout.Repository.Network.Remotes["origin"];
        var specs = remote.FetchRefSpecs.Select(r => r.Specification).ToList();
        Run("fetch", token, () =>
        {
            Commands.Fetch(checkout.Repository, remote.Name, specs, FetchOptions(token, ct), null);
            return 0;
        });
        var tip = checkout.Repository.Branches[$"origin/{checkout.Branch}"]?.Tip
            ?? throw new GitOpsException(GitOpsErrorTypes.BranchMissing, $"branch {checkout.Branch} disappeared from {SafeUrl}");
        checkout.Repository.Reset(ResetMode.Hard, tip);
    }

    /// <summary>Pushes the local tracked branch to <paramref name="target"/>; false when the remote moved (not a fast-forward).</summary>
    public bool TryPush(GitCheckout checkout, string target, CancellationToken ct)
    {
        var token = GitToken.Resolve(Options);
        string? rejected = null;
        var push = new PushOptions
        {
            CredentialsProvider = token.Handler(Options.TokenUsername),
            OnPushStatusError = e => rejected = e.Message,
            OnPushTransferProgress = Heartbeat("push", ct) is var beat ? (_, _, _) => beat() : null,
        };
        var moved = Run("push", token, () =>
        {
            try
            {
                checkout.Repository.Network.Push(checkout.Repository.Network.Remotes["origin"], $"refs/heads/{checkout.Branch}:refs/heads/{target}", push);
                return false;
            }
            catch (NonFastForwardException)
            {
                return true;
            }
        });
        if (moved)
        {
            logger.LogWarning("push to {Branch} on {Url} rejected: the branch moved", target, SafeUrl);
            return false;
        }

        if (rejected is not null)
        {
            logger.LogWarning("push to {Branch} on {Url} rejected: {Reason}", target, SafeUrl, token.Sanitize(rejected));
            return false;
        }

        return true;
    }

    private FetchOptions FetchOptions(GitToken token, CancellationToken ct) => new()
    {
        CredentialsProvider = token.Handler(Options.TokenUsername),
        OnTransferProgress = Heartbeat("fetch", ct) is var beat ? _ => beat() : null,
    };

    private T Run<T>(string operation, GitToken token, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (UserCancelledException)
        {
            throw new OperationCanceledException($"git {operation} {SafeUrl} cancelled");
        }
        catch (NonFastForwardException)
        {
            // Nothing of the exception travels on: its message may quote the remote URL.
            throw new DrException($"git {operation} {SafeUrl}: not a fast-forward");
        }
        catch (LibGit2SharpException e)
        {
            throw Translate(operation, token, e);
        }
    }

    /// <summary>A failure naming the operation and the safe URL, with the scrubbed LibGit2Sharp message and without the exception itself.</summary>
    private DrException Translate(string operation, GitToken token, LibGit2SharpException e)
    {
        var message = token.Sanitize(e.Message);
        var lower = message.ToLowerInvariant();
        if (lower.Contains("authentication", StringComparison.Ordinal) || lower.Contains("401", StringComparison.Ordinal) ||
            lower.Contains("403", StringComparison.Ordinal) || lower.Contains("credential", StringComparison.Ordinal))
        {
            var hint = token.IsSet
                ? $"the token from {token.Source} was rejected"
                : $"no token: {token.Source}; set {GitOpsOptions.Section}:TokenEnvVar or {GitOpsOptions.Section}:TokenFile";
            return new GitOpsException(GitOpsErrorTypes.Auth, $"git {operation} {SafeUrl}: authentication failed ({hint})");
        }

        return new DrException($"git {operation} {SafeUrl} failed: {message}");
    }

    private string RequireUrl() =>
        string.IsNullOrWhiteSpace(Options.RepoUrl)
            ? throw GitOpsException.BadInput($"{GitOpsOptions.Section}:RepoUrl is not set")
            : Options.RepoUrl;

    /// <summary>A transfer callback that heartbeats at most once a second; false asks LibGit2Sharp to stop.</summary>
    private static Func<bool> Heartbeat(string what, CancellationToken ct)
    {
        var since = Stopwatch.StartNew();
        return () =>
        {
            if (ActivityExecutionContext.HasCurrent && since.ElapsedMilliseconds > 1000)
            {
                since.Restart();
                ActivityExecutionContext.Current.Heartbeat($"git {what}");
            }

            return !ct.IsCancellationRequested;
        };
    }
}
