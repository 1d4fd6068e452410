namespace CnpgDrTemporal.Activities.Notify;

/// <summary>
/// <c>Dr:Notify</c>: where events are posted. <see cref="WebhookUrl"/> wins; otherwise the URL is read
/// from the environment variable named by <see cref="WebhookUrlEnvVar"/> (webhook URLs often embed a token).
/// </summary>
public sealed class NotifyOptions
{
    public const string Section = "Dr:Notify";

    public string? WebhookUrl { get; set; }

    public string? WebhookUrlEnvVar { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The webhook URL, or null when none is configured.</summary>
    public Uri? ResolveUrl(Func<string, string?> environment)
    {
        var raw = !string.IsNullOrWhiteSpace(WebhookUrl) ? WebhookUrl
            : !string.IsNullOrWhiteSpace(WebhookUrlEnvVar) ? environment(WebhookUrlEnvVar)
            : null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new DrException(WebhookUrl is null
                ? $"environment variable {WebhookUrlEnvVar} (Dr:Notify:WebhookUrlEnvVar) does not hold an http(s) URL"
                : "Dr:Notify:WebhookUrl is not an http(s) URL");
    }
}
