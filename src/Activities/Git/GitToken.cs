using CnpgDrTemporal.Activities.GitOps;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>
/// The HTTPS token, read when needed from the environment variable or file the options name.
/// It only ever goes to LibGit2Sharp's credentials callback; <see cref="Sanitize"/> removes it
/// (and any user info in URLs) from every text that leaves this class's users. The token, and a
/// password written in the remote URL, are remembered by <see cref="SecretScrubber"/>, which masks
/// them in every <see cref="DrException"/> too.
/// </summary>
public sealed class GitToken
{
    private readonly string? token;

    private GitToken(string? token, string source)
    {
        this.token = SecretScrubber.Remember(token);
        Source = source;
    }

    /// <summary>Where the token came from (or why there is none), safe to show: "env CNPG_DR_GIT_TOKEN", "file /run/...".</summary>
    public string Source { get; }

    public bool IsSet => token is not null;

    public static GitToken Resolve(GitOpsOptions options)
    {
        SecretScrubber.RememberUrlCredentials(options.RepoUrl);
        if (!string.IsNullOrEmpty(options.TokenEnvVar))
        {
            var value = Environment.GetEnvironmentVariable(options.TokenEnvVar);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return new GitToken(value.Trim(), $"env {options.TokenEnvVar}");
            }

        }

        if (!string.IsNullOrEmpty(options.TokenFile))
        {
            if (!File.Exists(options.TokenFile))
            {
                throw GitOpsException.BadInput($"{GitOpsOptions.Section}:TokenFile {options.TokenFile} does not exist");
            }

            var value = File.ReadAllText(options.TokenFile).Trim();
            if (value.Length == 0)
            {
                throw GitOpsException.BadInput($"{GitOpsOptions.Section}:TokenFile {options.TokenFile} is empty");
            }

            return new GitToken(value, $"file {options.TokenFile}");
        }

        // Anonymous (file:// or a public remote); an auth failure then says which variable was empty.
        return new GitToken(null, string.IsNullOrEmpty(options.TokenEnvVar) ? "none configured" : $"env {options.TokenEnvVar} is not set");
    }

    /// <summary>The callback LibGit2Sharp asks for credentials; null without a token.</summary>
    public CredentialsHandler? Handler(string username) =>
        token is null ? null : (_, _, _) => new UsernamePasswordCredentials { Username = username, Password = token };

    /// <summary>Text with the token, every other known secret and URL user info removed.</summary>
    public string Sanitize(string text) => SecretScrubber.Scrub(text, token);

    /// <summary>A URL (or any text) without <c>user:password@</c> after the scheme.</summary>
    public static string StripUserInfo(string text) => SecretScrubber.StripUserInfo(text);
}
