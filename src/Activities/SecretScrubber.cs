using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CnpgDrTemporal.Activities;

/// <summary>
/// The one place that removes secrets from text and exceptions before they can reach a Temporal
/// failure, a payload or a log. It masks the secret values the worker itself resolved (database
/// passwords, the git token, the Temporal API key, credentials in the GitOps URL: see <see cref="Remember"/>), the
/// credentials the worker and its tools inherit (<c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>,
/// <c>PGPASSWORD</c>), URL user info (<c>scheme://user:secret@host</c> and <c>user:secret@host:path</c>)
/// and connection-string passwords (<c>Password=...;</c>). <see cref="DrException"/> runs its message
/// and its inner exception through here, so every wrapper uses it.
/// </summary>
public static partial class SecretScrubber
{
    public const string Mask = "***";

    /// <summary>Environment variables whose values are credentials the worker or its tools (Barman, libpq) use.</summary>
    public static readonly IReadOnlyList<string> SecretVariables = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "PGPASSWORD"];

    private static readonly ConcurrentDictionary<string, byte> Known = new(StringComparer.Ordinal);

    /// <summary>
    /// Masks <paramref name="secret"/> in everything scrubbed from now on (for the life of the process:
    /// the worker resolves a handful of passwords and tokens). Returns it unchanged.
    /// </summary>
    public static string? Remember(string? secret)
    {
        if (!string.IsNullOrWhiteSpace(secret))
        {
            Known.TryAdd(secret, 0);
        }

        return secret;
    }

    /// <summary>Remembers the password of <c>user:password@</c> in <paramref name="url"/>, as written and decoded.</summary>
    public static void RememberUrlCredentials(string? url)
    {
        if (string.IsNullOrEmpty(url) || UrlUserInfo().Match(url) is not { Success: true } match)
        {
            return;
        }

        var userInfo = match.Groups["userinfo"].Value;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return;
        }

        var password = userInfo[(colon + 1)..];
        Remember(password);
        Remember(Uri.UnescapeDataString(password));
    }

    /// <summary><paramref name="text"/> without known secrets, <paramref name="secrets"/>, URL user info and connection-string passwords.</summary>
    public static string Scrub(string? text, params IEnumerable<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        // Longest first: a secret that contains another is masked whole.
        foreach (var secret in Values(secrets).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(secret);
            if (escaped != secret)
            {
                text = text.Replace(escaped, Mask, StringComparison.Ordinal);
            }
        }

        text = UrlUserInfo().Replace(text, "${scheme}");
        text = ScpUserInfo().Replace(text, "${user}:" + Mask + "@");
        return ConnectionStringPassword().Replace(text, "${key}" + Mask);
    }

    /// <summary>A URL (or any text) without <c>user:password@</c> after the scheme.</summary>
    public static string StripUserInfo(string text) => UrlUserInfo().Replace(text, "${scheme}");

    /// <summary>
    /// A copy of <paramref name="exception"/> safe to hand to Temporal: each exception of the chain
    /// becomes a <see cref="ScrubbedException"/> with the original type name and scrubbed message and
    /// stack trace. <see cref="DrException"/>s (scrubbed when built) and scrubbed copies are kept as they are.
    /// </summary>
    [return: NotNullIfNotNull(nameof(exception))]
    public static Exception? Sanitize(Exception? exception, params IEnumerable<string?> secrets) => exception switch
    {
        null => null,
        DrException or ScrubbedException => exception,
        _ => new ScrubbedException(
            exception.GetType().FullName ?? exception.GetType().Name,
            Scrub(exception.Message, secrets),
            exception.StackTrace is { } stack ? Scrub(stack, secrets) : null,
            Sanitize(exception.InnerException, secrets)),
    };

    private static IEnumerable<string> Values(IEnumerable<string?> secrets)
    {
        var values = new HashSet<string>(Known.Keys, StringComparer.Ordinal);
        foreach (var variable in SecretVariables)
        {
            values.Add(Environment.GetEnvironmentVariable(variable) ?? string.Empty);
        }

        foreach (var secret in secrets)
        {
            values.Add(secret ?? string.Empty);
        }

        values.RemoveWhere(string.IsNullOrWhiteSpace);
        return values;
    }

    /// <summary><c>scheme://userinfo@</c>; the user info runs to the last <c>@</c> before the path, so an unencoded <c>@</c> in a password goes too.</summary>
    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?<userinfo>[^/\s]*)@")]
    private static partial Regex UrlUserInfo();

    /// <summary>scp-like <c>user:secret@host:path</c>, without a scheme; not an image digest (<c>postgresql:16@sha256:...</c>).</summary>
    [GeneratedRegex(@"(?<=^|[\s'""(\[<=,;])(?<user>[A-Za-z0-9._~+-]+):[^\s/@'""]+@(?!sha\d+:)")]
    private static partial Regex ScpUserInfo();

    /// <summary><c>Password=...</c> / <c>Pwd=...</c> up to <c>;</c> or the end of the line, or quoted (quotes doubled inside).</summary>
    [GeneratedRegex(@"(?<key>\b(?:password|pwd)\s*=\s*)(?:'(?:[^']|'')*'|""(?:[^""]|"""")*""|[^;\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();
}

/// <summary>
/// Stands in for a third-party exception in a failure's cause chain: the original type name and
/// message, and the original stack trace, all scrubbed by <see cref="SecretScrubber"/>.
/// </summary>
public sealed class ScrubbedException : Exception
{
    private readonly string? stackTrace;

    /// <summary>From values already scrubbed (see <see cref="SecretScrubber.Sanitize"/>).</summary>
    internal ScrubbedException(string originalType, string message, string? stackTrace, Exception? innerException)
        : base($"{originalType}: {message}", innerException)
    {
        OriginalType = originalType;
        this.stackTrace = stackTrace;
    }

    public ScrubbedException()
        : this(nameof(Exception), string.Empty, null, null)
    {
    }

    public ScrubbedException(string message)
        : this(nameof(Exception), SecretScrubber.Scrub(message), null, null)
    {
    }

    public ScrubbedException(string message, Exception innerException)
        : this(nameof(Exception), SecretScrubber.Scrub(message), null, SecretScrubber.Sanitize(innerException))
    {
    }

    /// <summary>Full name of the exception type this stands in for, e.g. <c>Npgsql.PostgresException</c>.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => stackTrace;
}
