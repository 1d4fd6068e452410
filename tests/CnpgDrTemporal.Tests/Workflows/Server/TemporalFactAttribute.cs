using Xunit;

namespace CnpgDrTemporal.Tests.Workflows.Server;

/// <summary>
/// A fact that needs a real Temporal dev server. Skipped, with the reason in the skip message,
/// when neither <c>$TEMPORAL_CLI_PATH</c> names a CLI nor the SDK can download one.
/// </summary>
public sealed class TemporalFactAttribute : FactAttribute
{
    public TemporalFactAttribute()
    {
        if (TemporalServerProbe.Unavailable is { } why)
        {
            Skip = why;
        }
    }
}

/// <summary>Decides once per test run whether a local dev server can start here.</summary>
public static class TemporalServerProbe
{
    public const string DownloadHost = "https://temporal.download/";
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>The CLI to use, or null to let the SDK download one.</summary>
    public static string? CliPath => Environment.GetEnvironmentVariable("TEMPORAL_CLI_PATH") is { Length: > 0 } p ? p : null;

    /// <summary>Why no server can start, or null when one can.</summary>
    public static string? Unavailable => Reason.Value;

    private static string? Probe()
    {
        if (CliPath is { } cli)
        {
            return File.Exists(cli) ? null : $"TEMPORAL_CLI_PATH={cli} does not exist";
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Head, DownloadHost));
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"no Temporal dev server: TEMPORAL_CLI_PATH is not set and the SDK cannot download the CLI ({DownloadHost} unreachable: {e.Message}); set TEMPORAL_CLI_PATH to a temporal CLI binary to run this test";
        }
    }
}
