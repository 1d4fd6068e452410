using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Worker.Hosting;

/// <summary>
/// <c>/healthz</c> (the process answers) and <c>/readyz</c> (<see cref="WorkerReadiness"/>) on <c>Dr:Health:Port</c>.
/// Kestrel rather than HttpListener: HttpListener is Windows-first and half-maintained on Linux, and the
/// ASP.NET Core shared framework is one reference away (the image is the aspnet runtime). It runs as its
/// own small web app beside the worker so the CLI verbs, which share the worker's host, open no port.
/// </summary>
public sealed partial class HealthEndpoints(IOptions<HealthOptions> options, WorkerReadiness readiness, ILogger<HealthEndpoints> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Port is not (> 0 and var port))
        {
            return;
        }

        // Empty: no second appsettings/environment load and no logging of its own, just Kestrel and routing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.ListenAnyIP(port));
        builder.Services.AddRoutingCore();
        app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", async (CancellationToken ct) => await readiness.NotReadyReasonAsync(ct).ConfigureAwait(false) is { } reason
            ? Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        Listening(logger, port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "health endpoints /healthz and /readyz on port {Port}")]
    private static partial void Listening(ILogger logger, int port);
}
