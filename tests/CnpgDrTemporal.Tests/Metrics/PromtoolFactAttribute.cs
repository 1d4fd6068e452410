namespace CnpgDrTemporal.Tests.Metrics;

/// <summary>A fact that runs Prometheus' <c>promtool</c> (Debian package prometheus, installed by <c>tests/lab/lab.sh install</c>); skipped, saying so, without it.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Path is null)
        {
            Skip = "promtool not found on PATH: install the Debian package prometheus (tests/lab/lab.sh install does)";
        }
    }

    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "promtool"))
        .FirstOrDefault(File.Exists);
}
