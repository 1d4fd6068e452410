using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Tests.Data;
using CnpgDrTemporal.Tests.GitOps;
using Microsoft.Extensions.Logging.Abstractions;

namespace CnpgDrTemporal.Tests.Git;

/// <summary>
/// A git token written in the remote URL, or configured, never reaches a Temporal failure: every
/// git operation (ls-remote, clone, fetch, push) fails against an unreachable remote, and the failure
/// the worker's converter builds (message, stack trace, causes) and the exception chain's text are
/// searched for the token.
/// </summary>
public sealed class GitSecretLeakTests : IDisposable
{
    private const string Token = "SECRET-TOKEN-123";

    private readonly string workDir = GitOpsFixtures.NewTempDir("git-leak");

    public void Dispose() => GitCheckout.DeleteDirectory(workDir);

    /// <summary>Token pieces that must not show; an unencoded <c>@</c> in the token splits it in the URL.</summary>
    public static TheoryData<string, string[]> TokenUrls => new()
    {
        { $"https://x-access-token:{Token}@127.0.0.1:1/none.git", [Token] },
        { "https://x-access-token:SECRET@TOKEN-123@127.0.0.1:1/none.git", ["SECRET", "TOKEN-123"] },
        { "https://x-access-token:SECRET%40TOKEN-123@127.0.0.1:1/none.git", ["SECRET", "TOKEN-123"] },
        { $"https://{Token}@127.0.0.1:1/none.git", [Token] },
    };

    [Theory]
    [MemberData(nameof(TokenUrls))]
    public void ACloneOfAnUnreachableRemoteWithATokenInTheUrlFailsWithoutTheToken(string url, string[] secrets)
    {
        var remote = Remote(new GitOpsOptions { RepoUrl = url, WorkDir = workDir });

        var e = Assert.Throws<DrException>(() => remote.Clone("leak", default));

        foreach (var secret in secrets)
        {
            TemporalFailures.AssertNoSecret(e, secret);
        }

        Assert.StartsWith("git ls-remote https://127.0.0.1:1/none.git failed: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AConfiguredTokenAndAPasswordInTheUrlAreInNoFailureOfFetchOrPush()
    {
        using var fixture = GitRemoteFixture.Create(GitOpsFixtures.PathOf(GitOpsFixtures.Gitea));
        var options = fixture.Options();
        var variable = $"CNPG_DR_TEST_TOKEN_{Guid.NewGuid():N}";
        var configured = $"ghp_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, configured);
        try
        {
            var remote = Remote(options);
            using var checkout = remote.Clone("leak", default);

            // The remote moves to an unreachable HTTPS URL carrying a password; a token is configured too.
            var url = $"https://x-access-token:{Token}@127.0.0.1:1/none.git";
            options.RepoUrl = url;
            options.TokenEnvVar = variable;
            checkout.Repository.Network.Remotes.Update("origin", r => r.Url = url);

            var fetch = Assert.Throws<DrException>(() => remote.FetchAndReset(checkout, default));
            var push = Assert.Throws<DrException>(() => remote.TryPush(checkout, options.Branch, default));

            foreach (var e in new[] { fetch, push })
            {
                TemporalFailures.AssertNoSecret(e, Token);
                TemporalFailures.AssertNoSecret(e, configured);
                TemporalFailures.AssertOnlyScrubbedCauses(e);
            }

            Assert.StartsWith("git fetch https://127.0.0.1:1/none.git failed: ", fetch.Message, StringComparison.Ordinal);
            Assert.StartsWith("git push https://127.0.0.1:1/none.git failed: ", push.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("x-access-token:SECRET-TOKEN-123@git.example.com:org/gitops.git", "x-access-token:***@git.example.com:org/gitops.git")]
    [InlineData("https://x-access-token:SECRET@TOKEN-123@git.example.com/org/gitops.git", "https://git.example.com/org/gitops.git")]
    [InlineData("git@github.com:org/gitops.git", "git@github.com:org/gitops.git")]
    public void TheUrlInMessagesCarriesNoCredentials(string url, string safe)
    {
        var remote = Remote(new GitOpsOptions { RepoUrl = url, WorkDir = workDir });

        var e = new GitOpsException(GitOpsErrorTypes.BranchMissing, $"branch main not found on {remote.SafeUrl}");
        TemporalFailures.AssertNoSecret(e, "SECRET");
        TemporalFailures.AssertNoSecret(e, "TOKEN-123");
        Assert.Equal(safe, remote.SafeUrl);
    }

    private static GitRemote Remote(GitOpsOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), NullLogger<GitRemote>.Instance);
}
