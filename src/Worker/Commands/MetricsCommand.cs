using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Metrics;
using CnpgDrTemporal.Activities.Status;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Worker.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;
using System.ComponentModel;
using MetricsOptions = CnpgDrTemporal.Worker.Metrics.MetricsOptions;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary>
/// <c>metrics</c>: the per-database series the worker exports, read once and printed in the Prometheus
/// text format; with <c>--serve</c>, served on <c>Dr:Metrics:ListenAddress</c> and refreshed every
/// <c>Dr:Metrics:CatalogInterval</c> without running a Temporal worker (until Ctrl-C).
/// </summary>
public sealed class MetricsCommand(CliContext cli) : DrCommand<MetricsSettings>(cli)
{
    protected override async Task<int> RunAsync(MetricsSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = Output;
        var configuration = services.GetRequiredService<IConfiguration>();
        var options = MetricsRuntime.Options(configuration);
        var serve = args.Serve;
        if (serve && !options.Enabled)
        {
            throw new DrException("metrics --serve needs Dr:Metrics:ListenAddress (IP:port)");
        }

        // One-shot: the runtime serves on a free loopback port only long enough to be read back.
        var address = serve ? options.ListenAddress : MetricsRuntime.FreeLoopbackAddress();
        var runtime = MetricsRuntime.Create(new MetricsOptions { ListenAddress = address })!;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<MetricsCommand>();
        var (drills, unavailable) = await TemporalDrillHistory.ConnectAsync(configuration, runtime).ConfigureAwait(false);
        var note = unavailable is null ? null : $"no drill series: {unavailable}";
        var metrics = new CatalogMetrics(
            services.GetRequiredService<StatusReader>(),
            services.GetRequiredService<BackupCatalogReader>(),
            drills,
            new CatalogGauges(runtime.MetricMeter),
            TimeProvider.System,
            logger);
        if (!serve)
        {
            await metrics.RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (note is not null)
            {
                // A comment line keeps the output valid Prometheus text.
                await output.WriteLineAsync($"# cnpg-dr: {note}").ConfigureAwait(false);
            }

            await output.WriteAsync(await ScrapeAsync(address, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (note is not null)
        {
            logger.LogWarning("{Note}", note);
        }

        logger.LogWarning("serving http://{Address}/metrics, refreshing every {Interval}", address, options.CatalogInterval);
        using var timer = new PeriodicTimer(options.CatalogInterval);
        try
        {
            do
            {
                await metrics.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: serving ends normally.
        }

        return ExitCodes.Ok;
    }

    /// <summary>Our series only, HELP and TYPE lines included; the SDK's own need a worker to mean anything.</summary>
    private static async Task<string> ScrapeAsync(string address, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(new Uri($"http://{address}/metrics"), ct).ConfigureAwait(false);
        var lines = text.Split('\n').Where(l => l.Contains(MetricNames.Prefix, StringComparison.Ordinal));
        return string.Concat(lines.Select(l => l + "\n"));
    }
}

/// <summary>The options of <see cref="MetricsCommand"/>.</summary>
public sealed class MetricsSettings : DrSettings
{
    [CommandOption("--serve")]
    [Description("serve on Dr:Metrics:ListenAddress until Ctrl-C instead of printing once")]
    public bool Serve { get; init; }
}
