using CnpgDrTemporal.Activities.GitOps;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace CnpgDrTemporal.Activities.Git;

/// <summary>
/// The HTTPS token, read when needed from the environment variable or file the options name.
/// It only ever goes to LibGit2Sharp's credentials callback; <see cref="Sanitize"/> removes it
/// (and any user info in URLs) from every text that leaves this class's users.
/// </summary>
public sealed partial class GitToken
{
    private readonly string? token;

    private GitToken(string? token, string source)
    {
        this.token = token;
        Source = source;
    }

    /// <summary>Where the token came from (or why there is none), safe to show: "env CNPG_DR_GIT_TOKEN", "file /run/...".</summary>
    public string Source { get; }

    public bool IsSet => token is not null;

    public static GitToken Resolve(GitOpsOptions options)
    {
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

    /// <summary>Text with the token and URL user info removed.</summary>
    public string Sanitize(string text)
    {
        var clean = token is null ? text : text.Replace(token, "***", StringComparison.Ordinal);
        return StripUserInfo(clean);
    }

    /// <summary>A URL (or any text) without <c>user:password@</c> after the scheme.</summary>
    public static string StripUserInfo(string text) => UserInfo().Replace(text, "${scheme}");

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")]
    private static partial Regex UserInfo();
}
