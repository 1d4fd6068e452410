using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CnpgDrTemporal.Activities.Notify;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace CnpgDrTemporal.Tests.Notify;

/// <summary>The webhook against a real HTTP listener on 127.0.0.1: delivered, or logged and false, never thrown.</summary>
public sealed class WebhookNotifierTests : IAsyncLifetime
{
    private const string Token = "s3cr3t-token";
    private readonly ConcurrentQueue<(string Path, string ContentType, string Body)> received = new();
    private WebApplication? app;

    private static RecoveryEvent Event => new(RecoveryEventKinds.ApprovalNeeded, "app", "cnpg-dr-app", "delete", "approval 'delete' needed", new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero), "temporal workflow signal ...");

    private string BaseUrl => app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/hooks/{token}", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            received.Enqueue((ctx.Request.Path, ctx.Request.ContentType ?? string.Empty, await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        app.MapPost("/broken", () => Results.StatusCode(500));
        await app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Posts_the_event_as_camel_case_json()
    {
        using var notifier = Notifier(new NotifyOptions { WebhookUrl = $"{BaseUrl}/hooks/{Token}" }, out _);

        Assert.True(await notifier.PostAsync(Event));

        var (path, contentType, body) = Assert.Single(received);
        Assert.Equal($"/hooks/{Token}", path);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("approval-needed", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("cnpg-dr-app", json.RootElement.GetProperty("workflowId").GetString());
        Assert.Equal("temporal workflow signal ...", json.RootElement.GetProperty("command").GetString());
    }

    [Fact]
    public async Task Reads_the_url_from_the_named_environment_variable()
    {
        var variable = $"CNPG_DR_TEST_WEBHOOK_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, $"{BaseUrl}/hooks/{Token}");
        try
        {
            using var notifier = Notifier(new NotifyOptions { WebhookUrlEnvVar = variable }, out _);
            Assert.True(await notifier.PostAsync(Event));
            Assert.Single(received);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_server_error_is_logged_and_reported_false()
    {
        using var notifier = Notifier(new NotifyOptions { WebhookUrl = $"{BaseUrl}/broken" }, out var logs);

        Assert.False(await notifier.PostAsync(Event));
        Assert.Contains(logs, l => l.Contains("answered 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_webhook_never_throws_and_never_logs_the_token()
    {
        var url = $"{BaseUrl}/hooks/{Token}";
        await app!.StopAsync();
        using var notifier = Notifier(new NotifyOptions { WebhookUrl = url, Timeout = TimeSpan.FromSeconds(5) }, out var logs);

        Assert.False(await notifier.PostAsync(Event));
        Assert.NotEmpty(logs);
        Assert.DoesNotContain(logs, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("ftp://example.invalid/x", null, false)]
    public async Task Unconfigured_or_invalid_urls_are_not_posted(string? url, string? variable, bool expected)
    {
        using var notifier = Notifier(new NotifyOptions { WebhookUrl = url, WebhookUrlEnvVar = variable }, out _);

        Assert.Equal(expected, await notifier.PostAsync(Event));
        Assert.Empty(received);
    }

    private static WebhookNotifier Notifier(NotifyOptions options, out ConcurrentQueue<string> logs)
    {
        logs = new ConcurrentQueue<string>();
        return new WebhookNotifier(Options.Create(options), new ListLogger(logs));
    }

    private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger<WebhookNotifier>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
