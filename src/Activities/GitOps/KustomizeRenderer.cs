using CnpgDrTemporal.Activities.Git;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// When <c>kubectl</c> or <c>kustomize</c> is on PATH, renders an edited database directory (a
/// copy under the work directory) and checks the Cluster that ArgoCD would apply.
/// </summary>
public sealed class KustomizeRenderer(IOptions<GitOpsOptions> options, ILogger<KustomizeRenderer> logger)
{
    /// <summary>The render command found on PATH (<c>kubectl kustomize</c> first), or null.</summary>
    public static (string Path, string Verb)? FindTool(string? pathVariable = null)
    {
        var dirs = (pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var (name, verb) in new[] { ("kubectl", "kustomize"), ("kustomize", "build") })
        {
            var found = dirs.Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? name + ".exe" : name)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return (found, verb);
            }
        }

        return null;
    }

    /// <summary>Renders <paramref name="after"/> and checks it against <paramref name="expected"/>; a no-op without a tool.</summary>
    public async Task CheckAsync(DbFiles after, DatabaseLayout expected, CancellationToken ct)
    {
        if (await RenderAsync(after, ct).ConfigureAwait(false) is { } rendered)
        {
            RenderedClusterCheck.Check(rendered.Output, expected, rendered.Command);
        }
    }

    /// <summary>The manifests Argo CD would apply for <paramref name="files"/> and the command that rendered them; null without a tool.</summary>
    public async Task<(string Output, string Command)?> RenderAsync(DbFiles files, CancellationToken ct)
    {
        if (!options.Value.RenderCheck || FindTool() is not { } tool)
        {
            logger.LogDebug("render of {Directory} skipped: no kubectl or kustomize on PATH", files.Directory);
            return null;
        }

        var root = Path.Combine(options.Value.WorkDir, $"render-{Guid.NewGuid():N}");
        try
        {
            // Against an empty directory every file counts as changed: this writes the whole copy.
            files.WriteChanges(root, files with { Files = files.Files.Clear() });
            var output = await RenderAsync(tool, Path.Combine(root, files.Directory), files.Directory, ct).ConfigureAwait(false);
            return (output, $"{Path.GetFileName(tool.Path)} {tool.Verb} {files.Directory}");
        }
        finally
        {
            GitCheckout.DeleteDirectory(root);
        }
    }

    private async Task<string> RenderAsync((string Path, string Verb) tool, string dir, string shown, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool.Verb);
        start.ArgumentList.Add(dir);
        using var process = Process.Start(start) ?? throw new DrException($"could not start {tool.Path}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Value.RenderTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ct.ThrowIfCancellationRequested();
            throw new DrException($"{Path.GetFileName(tool.Path)} {tool.Verb} {shown} did not finish within {options.Value.RenderTimeout}");
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var first = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? $"exit code {process.ExitCode}";
            throw new GitOpsException(GitOpsErrorTypes.RenderCheck, $"{Path.GetFileName(tool.Path)} {tool.Verb} {shown} failed: {first}");
        }

        return output;
    }
}
