using System.Net;
using System.Net.Sockets;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Tests.Workflows.Server;
using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

namespace CnpgDrTemporal.Tests.Worker;

/// <summary>The probes over real HTTP: the process answers /healthz while /readyz says why it is not ready.</summary>
public class HealthEndpointsTests(LocalTemporalFixture temporal) : IClassFixture<LocalTemporalFixture>
{
    [TemporalFact]
    public async Task Readyz_says_ready_while_the_hosted_worker_polls_a_live_server_and_not_once_it_stops()
    {
        var environment = await temporal.EnvironmentAsync();
        var port = FreePort();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Dr:Health:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        builder.Services.AddDrActivities(builder.Configuration);
        builder.Services.AddSingleton(environment.Client);
        builder.Services.AddHostedTemporalWorker($"health-{Guid.NewGuid():N}").AddDrWorkerRegistrations();
        builder.Services.AddWorkerHealth(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var ready = await Eventually.ValueAsync(
            async () => (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode,
            code => code == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20),
            "/readyz to answer 200 while the worker polls");
        Assert.Equal(HttpStatusCode.OK, ready);

        await host.StopAsync();
        Assert.Equal("stopping", await host.Services.GetRequiredService<WorkerReadiness>().NotReadyReasonAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Healthz_answers_while_readyz_reports_a_worker_that_does_not_poll()
    {
        var port = FreePort();
        using var host = Host(port);
        await host.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());

            var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("not ready: the Temporal worker is not running\n", await ready.Content.ReadAsStringAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Readiness_reports_an_unreachable_temporal_when_the_worker_runs()
    {
        using var host = Host(port: null, withWorker: true);
        await host.StartAsync();
        try
        {
            var reason = await host.Services.GetRequiredService<WorkerReadiness>().NotReadyReasonAsync(CancellationToken.None);
            Assert.StartsWith("the Temporal server does not answer its health check", reason, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Without_a_port_no_endpoint_is_opened()
    {
        var port = FreePort();
        using var host = Host(port: null);
        await host.StartAsync();
        try
        {
            using var tcp = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => tcp.ConnectAsync(IPAddress.Loopback, port));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static IHost Host(int? port, bool withWorker = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Dr:Health:Port"] = port?.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        // Nothing listens on port 1: the lazy client fails its health check quickly.
        builder.Services.AddSingleton<ITemporalClient>(TemporalClient.CreateLazy(new TemporalClientConnectOptions("127.0.0.1:1")));
        if (withWorker)
        {
            builder.Services.AddHostedService<IdleWorker>();
        }

        builder.Services.AddWorkerHealth(builder.Configuration);
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stands in for the hosted Temporal worker, which would fail to poll an absent server.</summary>
    private sealed class IdleWorker : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }
}
