using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.KubeSim;

/// <summary>
/// An in-process Kubernetes API server for tests: Kestrel on 127.0.0.1 (random port) serving
/// <c>/api/v1/...</c> and <c>/apis/&lt;group&gt;/&lt;version&gt;/...</c> from an <see cref="ObjectStore"/>:
/// GET/LIST (selectors), POST, PUT, PATCH (merge, JSON, strategic-as-merge), DELETE (finalizers),
/// <c>?watch=true</c> streams, <c>pods/&lt;name&gt;/log?follow=true</c>, errors as <c>Status</c> bodies.
/// </summary>
public sealed class KubeSimServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock requestsGate = new();
    private readonly List<string> requests = [];

    private KubeSimServer(WebApplication app) => this.app = app;

    public ObjectStore Store { get; } = new();

    public PodLogs Logs { get; } = new();

    public FaultInjector Faults { get; } = new();

    public string Url { get; private set; } = string.Empty;

    /// <summary>Every request served, as "METHOD /path?query".</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requestsGate)
            {
                return requests.ToList();
            }
        }
    }

    public static async Task<KubeSimServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var server = new KubeSimServer(builder.Build());
        server.app.Run(server.HandleAsync);
        await server.app.StartAsync().ConfigureAwait(false);
        server.Url = server.app.Urls.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var method = ctx.Request.Method;
        var path = ctx.Request.Path.Value ?? "/";
        lock (requestsGate)
        {
            requests.Add($"{method} {path}{ctx.Request.QueryString}");
        }

        try
        {
            if (Faults.Match(method, path) is { } fault)
            {
                if (fault.ResetConnection)
                {
                    ctx.Abort();
                    return;
                }

                throw new SimApiException(fault.Status, fault.Reason, $"injected {fault.Status} for {method} {path}");
            }

            var route = SimRoute.Parse(path) ?? throw new SimApiException(404, "NotFound", $"the server could not find the requested resource {path}");
            await DispatchAsync(ctx, route).ConfigureAwait(false);
        }
        catch (SimApiException e)
        {
            if (!ctx.Response.HasStarted)
            {
                await WriteJsonAsync(ctx, e.Code, StatusBody(e.Code, e.Reason, e.Message)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // client went away or the server stops
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            // A simulator bug shows up as a 500 that says what broke.
            await WriteJsonAsync(ctx, 500, StatusBody(500, "InternalError", e.ToString())).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext ctx, SimRoute r)
    {
        var q = ctx.Request.Query;
        var key = r.Name is null ? null : new ObjectKey(r.Type, r.Namespace ?? throw new SimApiException(404, "NotFound", "cluster-scoped objects are not simulated"), r.Name);
        switch (ctx.Request.Method)
        {
            case "GET" when key is null && q["watch"] is ["true" or "1"]:
                await WatchAsync(ctx, r).ConfigureAwait(false);
                return;
            case "GET" when key is null:
                var (items, version) = Store.List(r.Type, r.Namespace, Selectors.Parse(q["labelSelector"], q["fieldSelector"]));
                await WriteJsonAsync(ctx, 200, ListBody(r.Type, items, version)).ConfigureAwait(false);
                return;
            case "GET" when r.Sub == "log":
                await LogAsync(ctx, key!, q["follow"] is ["true"]).ConfigureAwait(false);
                return;
            case "GET":
                await WriteJsonAsync(ctx, 200, Store.Get(key!) ?? throw SimApiException.NotFound(key!)).ConfigureAwait(false);
                return;
            case "POST" when key is null && r.Namespace is not null:
                await WriteJsonAsync(ctx, 201, Store.Create(r.Type, r.Namespace, await BodyAsync<JsonObject>(ctx).ConfigureAwait(false))).ConfigureAwait(false);
                return;
            case "PUT" when key is not null:
                var replacement = await BodyAsync<JsonObject>(ctx).ConfigureAwait(false);
                await WriteJsonAsync(ctx, 200, Store.Update(key, old => r.Sub == "status" ? WithStatus(old, replacement) : replacement)).ConfigureAwait(false);
                return;
            case "PATCH" when key is not null:
                var patch = await BodyAsync<JsonNode>(ctx).ConfigureAwait(false);
                var contentType = ctx.Request.ContentType ?? string.Empty;
                await WriteJsonAsync(ctx, 200, Store.Update(key, old => r.Sub == "status" ? WithStatus(old, Patch(old.DeepClone().AsObject(), patch, contentType)) : Patch(old, patch, contentType))).ConfigureAwait(false);
                return;
            case "DELETE" when key is not null:
                await WriteJsonAsync(ctx, 200, Store.Delete(key)).ConfigureAwait(false);
                return;
            case "DELETE" when r.Namespace is not null:
                var (matching, _) = Store.List(r.Type, r.Namespace, Selectors.Parse(q["labelSelector"], q["fieldSelector"]));
                var deleted = matching.Select(o => Store.Delete(new ObjectKey(r.Type, r.Namespace, o["metadata"]!["name"]!.GetValue<string>()))).ToList();
                await WriteJsonAsync(ctx, 200, ListBody(r.Type, deleted, Store.ResourceVersion)).ConfigureAwait(false);
                return;
            default:
                throw new SimApiException(405, "MethodNotAllowed", $"{ctx.Request.Method} is not supported on {ctx.Request.Path}");
        }
    }

    private async Task WatchAsync(HttpContext ctx, SimRoute r)
    {
        var q = ctx.Request.Query;
        var matches = Selectors.Parse(q["labelSelector"], q["fieldSelector"]);
        long? since = long.TryParse(q["resourceVersion"], CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, app.Lifetime.ApplicationStopping);
        if (int.TryParse(q["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            cts.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var (initial, live, unsubscribe) = Store.Subscribe(r.Type, r.Namespace, since);
        try
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.StartAsync(cts.Token).ConfigureAwait(false);
            foreach (var e in initial.Where(e => matches(e.Object)))
            {
                await WriteEventAsync(ctx, e, cts.Token).ConfigureAwait(false);
            }

            await foreach (var e in live.ReadAllAsync(cts.Token).ConfigureAwait(false))
            {
                if (matches(e.Object))
                {
                    await WriteEventAsync(ctx, e, cts.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // watch ends: timeout, client gone, or server stopping
        }
        finally
        {
            unsubscribe();
        }
    }

    private async Task LogAsync(HttpContext ctx, ObjectKey pod, bool follow)
    {
        var current = Store.Get(pod) ?? throw SimApiException.NotFound(pod);
        if (current["status"]?["phase"]?.GetValue<string>() == "Pending")
        {
            throw new SimApiException(400, "BadRequest", $"container \"postgres\" in pod \"{pod.Name}\" is waiting to start: PodInitializing");
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, app.Lifetime.ApplicationStopping);
        var log = Logs.For(pod.Namespace, pod.Name);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "text/plain";
        await ctx.Response.StartAsync(cts.Token).ConfigureAwait(false);
        var read = 0;
        while (true)
        {
            var (lines, ended, changed) = log.Read(read);
            foreach (var line in lines)
            {
                await ctx.Response.WriteAsync(line + "\n", cts.Token).ConfigureAwait(false);
            }

            read += lines.Count;
            await ctx.Response.Body.FlushAsync(cts.Token).ConfigureAwait(false);
            if (!follow || ended)
            {
                return;
            }

            await changed.WaitAsync(cts.Token).ConfigureAwait(false);
        }
    }

    private static JsonObject Patch(JsonObject target, JsonNode? patch, string contentType) => contentType switch
    {
        _ when contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal) =>
            JsonPatching.Apply(target, patch as JsonArray ?? throw new SimApiException(400, "BadRequest", "a JSON patch is an array")),
        _ when contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal) || contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal) =>
            JsonPatching.Merge(target, patch as JsonObject ?? throw new SimApiException(400, "BadRequest", "a merge patch is an object")),
        _ => throw new SimApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got {contentType})"),
    };

    private static JsonObject WithStatus(JsonObject old, JsonObject changed)
    {
        old["status"] = changed["status"]?.DeepClone();
        return old;
    }

    private static async Task<T> BodyAsync<T>(HttpContext ctx)
        where T : JsonNode
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        return JsonNode.Parse(text) as T ?? throw new SimApiException(400, "BadRequest", $"request body is not a JSON {typeof(T).Name}");
    }

    private static async Task WriteEventAsync(HttpContext ctx, StoreEvent e, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = e.Type, ["object"] = e.Object.DeepClone() }.ToJsonString() + "\n";
        await ctx.Response.WriteAsync(line, ct).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext ctx, int status, JsonNode body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString(), ctx.RequestAborted).ConfigureAwait(false);
    }

    private static JsonObject ListBody(ResourceType type, List<JsonObject> items, long version) => new()
    {
        ["apiVersion"] = type.ApiVersion,
        ["kind"] = type.Kind + "List",
        ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray(items.Select(JsonNode? (i) => i).ToArray()),
    };

    private static JsonObject StatusBody(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };
}

/// <summary>A parsed API path: resource, namespace, name, subresource.</summary>
public sealed record SimRoute(ResourceType Type, string? Namespace, string? Name, string? Sub)
{
    public static SimRoute? Parse(string path)
    {
        var s = path.Trim('/').Split('/');
        var (group, version, rest) = s switch
        {
            ["api", var v, .. var r] => (string.Empty, v, r),
            ["apis", var g, var v, .. var r] => (g, v, r),
            _ => (null, null, Array.Empty<string>()),
        };
        if (group is null || version is null)
        {
            return null;
        }

        return rest switch
        {
            ["namespaces", var ns, var res] => new SimRoute(new ResourceType(group, version, res), ns, null, null),
            ["namespaces", var ns, var res, var name] => new SimRoute(new ResourceType(group, version, res), ns, name, null),
            ["namespaces", var ns, var res, var name, var sub] => new SimRoute(new ResourceType(group, version, res), ns, name, sub),
            [var res] => new SimRoute(new ResourceType(group, version, res), null, null, null),
            _ => null,
        };
    }
}
