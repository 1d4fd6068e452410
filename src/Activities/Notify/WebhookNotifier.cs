using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Activities.Notify;

/// <summary>
/// POSTs <see cref="RecoveryEvent"/>s as JSON. A notification is a courtesy: every failure is
/// logged (without the URL, which may carry a token) and reported as false, never thrown.
/// </summary>
public sealed class WebhookNotifier : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly HttpClient http;
    private readonly NotifyOptions options;
    private readonly ILogger<WebhookNotifier> logger;

    public WebhookNotifier(IOptions<NotifyOptions> options, ILogger<WebhookNotifier> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        http = new HttpClient { Timeout = this.options.Timeout };
    }

    public async Task<bool> PostAsync(RecoveryEvent recoveryEvent, CancellationToken ct = default)
    {
        Uri? url = null;
        try
        {
            url = options.ResolveUrl(Environment.GetEnvironmentVariable);
            if (url is null)
            {
                logger.LogDebug("no webhook configured (Dr:Notify); {Kind} for {Database} not posted", recoveryEvent.Kind, recoveryEvent.Database);
                return false;
            }

            using var response = await http.PostAsJsonAsync(url, recoveryEvent, JsonOptions, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            logger.LogWarning("webhook on {Host} answered {Status} to {Kind} for {Database}", url.Host, (int)response.StatusCode, recoveryEvent.Kind, recoveryEvent.Database);
            return false;
        }
#pragma warning disable CA1031 // a failed notification must never fail the recovery
        catch (Exception e)
#pragma warning restore CA1031
        {
            var why = url is null ? e.Message : e.Message.Replace(url.PathAndQuery, "/…", StringComparison.Ordinal);
            logger.LogWarning("webhook {Kind} for {Database} not delivered: {Error}", recoveryEvent.Kind, recoveryEvent.Database, why);
            return false;
        }
    }

    public void Dispose() => http.Dispose();
}
