using System.Net;
using System.Text.Json;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>
/// Runs one API call with a timeout, retrying what is transient (409 conflicts, 429, 5xx, connection
/// resets, timeouts) with exponential backoff; a 403 becomes a permission error naming verb and resource.
/// </summary>
public sealed class KubeCalls(KubernetesOptions options, ILogger logger)
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public KubernetesOptions Options => options;

    public Task RunAsync(string verb, string resource, Func<CancellationToken, Task> call, CancellationToken ct) =>
        RunAsync<bool>(verb, resource, async c =>
        {
            await call(c).ConfigureAwait(false);
            return true;
        }, ct);

    /// <param name="timeout">Per-attempt timeout; null = <see cref="KubernetesOptions.RequestTimeout"/>.</param>
    public async Task<T> RunAsync<T>(string verb, string resource, Func<CancellationToken, Task<T>> call, CancellationToken ct, TimeSpan? timeout = null)
    {
        var attempts = Math.Max(1, options.RetryAttempts);
        for (var attempt = 1; ; attempt++)
        {
            using var perCall = CancellationTokenSource.CreateLinkedTokenSource(ct);
            perCall.CancelAfter(timeout ?? options.RequestTimeout);
            Exception failure;
            try
            {
                return await call(perCall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (IsTransient(e))
            {
                failure = e;
            }
            catch (HttpOperationException e)
            {
                throw Permanent(verb, resource, e);
            }

            if (attempt >= attempts)
            {
                throw new KubeApiException($"{verb} {resource} failed after {attempts} attempts: {Describe(failure)}", StatusOf(failure), ReasonOf(failure), failure);
            }

            var delay = Backoff(attempt);
            logger.LogWarning("{Verb} {Resource}: {Error}; retry {Attempt}/{Attempts} in {Delay}", verb, resource, Describe(failure), attempt, attempts - 1, delay);
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The object, or null when the API says 404.</summary>
    public async Task<T?> GetOrNullAsync<T>(string resource, Func<CancellationToken, Task<T>> call, CancellationToken ct)
        where T : class
    {
        try
        {
            return await RunAsync("get", resource, call, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Deletes; false when the object was already gone (404).</summary>
    public async Task<bool> DeleteAsync(string resource, Func<CancellationToken, Task> call, CancellationToken ct)
    {
        try
        {
            await RunAsync("delete", resource, call, ct).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    public TimeSpan Backoff(int attempt)
    {
        var ms = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelay.TotalMilliseconds));
    }

    public static bool IsTransient(Exception e) => e switch
    {
        HttpOperationException h => h.Response?.StatusCode is { } s && (s == HttpStatusCode.TooManyRequests || (int)s >= 500 ||
            (s == HttpStatusCode.Conflict && ReasonOf(h) != "AlreadyExists")),
        HttpRequestException or IOException => true,
        OperationCanceledException => true, // the per-call timeout; the caller's own cancellation is filtered before
        _ => false,
    };

    private static KubeApiException Permanent(string verb, string resource, HttpOperationException e)
    {
        var status = e.Response?.StatusCode;
        var message = status switch
        {
            HttpStatusCode.Forbidden => $"permission denied: cannot {verb} {resource} ({MessageOf(e)}); grant it to the worker's identity, see deploy/rbac.md",
            HttpStatusCode.Unauthorized => $"unauthorized: the API server rejected the credentials while trying to {verb} {resource}; check Dr:Kubernetes (kubeconfig/context) or the service account",
            HttpStatusCode.NotFound => $"{resource} not found",
            _ => $"{verb} {resource} failed: {Describe(e)}",
        };
        return new KubeApiException(message, status, ReasonOf(e), e);
    }

    private static string Describe(Exception e) => e switch
    {
        HttpOperationException h => $"HTTP {(int?)h.Response?.StatusCode} {ReasonOf(h)}: {MessageOf(h)}",
        OperationCanceledException => "timed out",
        _ => e.Message,
    };

    private static HttpStatusCode? StatusOf(Exception e) => (e as HttpOperationException)?.Response?.StatusCode;

    private static string? ReasonOf(Exception e) => e is HttpOperationException h ? StatusField(h, "reason") : null;

    private static string MessageOf(HttpOperationException h) => StatusField(h, "message") ?? h.Response?.ReasonPhrase ?? "no message";

    private static string? StatusField(HttpOperationException h, string field)
    {
        var body = h.Response?.Content;
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
