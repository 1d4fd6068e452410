using CnpgDrTemporal.Tests.GitOps;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace CnpgDrTemporal.Tests.Git;

/// <summary>
/// HTTPS-token auth against a Kestrel server that refuses every request with 401: the token is
/// sent, and it never shows up in the error (nor do credentials embedded in the URL).
/// </summary>
public sealed class GitAuthTests : IAsyncLifetime
{
    private const string Token = "ghp_s3cr3t-t0ken-value";
    private readonly ConcurrentBag<string> authorizations = [];
    private readonly string tokenDir = GitOpsFixtures.NewTempDir("token");
    private WebApplication? server;

    private string BaseUrl => server!.Urls.First();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        server = builder.Build();
        server.Run(context =>
        {
            if (context.Request.Headers.Authorization is { Count: > 0 } auth)
            {
                authorizations.Add(auth.ToString());
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            return Task.CompletedTask;
        });
        await server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await server!.StopAsync();
        await server.DisposeAsync();
        GitCheckout.DeleteDirectory(tokenDir);
    }

    [Fact]
    public void ARejectedTokenFromAFileIsAnAuthFailureThatNeverShowsTheToken()
    {
        var file = Path.Combine(tokenDir, "token");
        File.WriteAllText(file, Token + "\n");
        var remote = Remote(new GitOpsOptions { RepoUrl = $"{BaseUrl}/org/gitops.git", TokenFile = file });

        var e = Assert.Throws<GitOpsException>(remote.ListBranches);

        Assert.Equal(GitOpsErrorTypes.Auth, e.ErrorType);
        Assert.Equal($"git ls-remote {BaseUrl}/org/gitops.git: authentication failed (the token from file {file} was rejected)", e.Message);
        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
        Assert.Contains("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{Token}")), authorizations);
    }

    [Fact]
    public void ATokenFromAnEnvironmentVariableIsUsedAndCredentialsInTheUrlAreStripped()
    {
        var variable = $"CNPG_DR_TEST_TOKEN_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, Token);
        try
        {
            var url = BaseUrl.Replace("http://", "http://someone:url-password@", StringComparison.Ordinal) + "/org/gitops.git";
            var remote = Remote(new GitOpsOptions { RepoUrl = url, TokenEnvVar = variable, TokenUsername = "oauth2" });

            var e = Assert.Throws<GitOpsException>(() => remote.Clone("push", default));

            Assert.Equal($"git ls-remote {BaseUrl}/org/gitops.git: authentication failed (the token from env {variable} was rejected)", e.Message);
            Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("url-password", e.ToString(), StringComparison.Ordinal);
            Assert.Contains("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"oauth2:{Token}")), authorizations);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void WithoutATokenTheFailureSaysWhichVariableWasEmpty()
    {
        var remote = Remote(new GitOpsOptions { RepoUrl = $"{BaseUrl}/org/gitops.git", TokenEnvVar = "CNPG_DR_TEST_UNSET_TOKEN" });

        var e = Assert.Throws<GitOpsException>(remote.ListBranches);

        Assert.Equal(GitOpsErrorTypes.Auth, e.ErrorType);
        Assert.EndsWith("authentication failed (no token: env CNPG_DR_TEST_UNSET_TOKEN is not set; set Dr:Git:TokenEnvVar or Dr:Git:TokenFile)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingTokenFileIsNamed()
    {
        var remote = Remote(new GitOpsOptions { RepoUrl = $"{BaseUrl}/org/gitops.git", TokenFile = "/run/secrets/nope/token" });

        var e = Assert.Throws<GitOpsException>(remote.ListBranches);

        Assert.Equal("Dr:Git:TokenFile /run/secrets/nope/token does not exist", e.Message);
        Assert.Empty(authorizations);
    }

    [Theory]
    [InlineData("https://user:tok@git.example.com/a.git", "https://git.example.com/a.git")]
    [InlineData("failed to fetch https://x-access-token:abc@github.com/o/r: 403", "failed to fetch https://github.com/o/r: 403")]
    [InlineData("file:///tmp/remote.git", "file:///tmp/remote.git")]
    public void UserInfoIsStrippedFromUrls(string text, string clean) =>
        Assert.Equal(clean, GitToken.StripUserInfo(text));

    private static GitRemote Remote(GitOpsOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), NullLogger<GitRemote>.Instance);
}
