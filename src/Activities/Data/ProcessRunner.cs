using System.Diagnostics;

namespace CnpgDrTemporal.Activities.Data;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

/// <summary>
/// Runs a tool, as another OS user when the worker is root, with a deadline. Its output comes back
/// scrubbed by <see cref="SecretScrubber"/>, so it can go into a failure or a log.
/// </summary>
public static class ProcessRunner
{
    public static bool IsRoot => Environment.UserName == "root";

    public static async Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> args, string? asUser, TimeSpan timeout, CancellationToken ct)
    {
        var psi = asUser is not null && IsRoot
            ? new ProcessStartInfo("runuser", ["-u", asUser, "--", file, .. args])
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi) ?? throw new DrException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new DrException($"{Path.GetFileName(file)} did not finish within {timeout}");
        }

        // A tool may echo its credentials (an S3 key, a connection string): no caller sees them.
        return new ProcessResult(process.ExitCode, SecretScrubber.Scrub(await stdout.ConfigureAwait(false)), SecretScrubber.Scrub(await stderr.ConfigureAwait(false)));
    }

    /// <summary>The full path of a tool on PATH, or null.</summary>
    public static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
