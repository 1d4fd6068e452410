using System.Diagnostics;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Worker;

/// <summary>Publishes the worker once, with the Dockerfile's own command, for the tests that run it as the image does.</summary>
public sealed class PublishedWorkerFixture : IDisposable
{
    /// <summary>The build stage's command in the Dockerfile, output directory last.</summary>
    public const string PublishCommand = "dotnet publish src/Worker/CnpgDrTemporal.Worker.csproj -c Release -o";

    public PublishedWorkerFixture()
    {
        Output = Directory.CreateTempSubdirectory("cnpg-dr-publish-").FullName;
        var args = PublishCommand.Split(' ')[1..].Append(Output).Append("--nologo");
        var (code, stdout, stderr) = PublishedWorkerTests.Run("dotnet", args, RepoPaths.Root, new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            throw new InvalidOperationException($"{PublishCommand} failed ({code}):\n{stdout}\n{stderr}");
        }
    }

    public string Output { get; }

    /// <summary>The image's ENTRYPOINT, /app/cnpg-dr, in the published folder.</summary>
    public string Entrypoint => Path.Combine(Output, "cnpg-dr");

    public void Dispose() => Directory.Delete(Output, recursive: true);
}

/// <summary>The published worker run exactly as the image's ENTRYPOINT runs it (no container engine here).</summary>
public sealed class PublishedWorkerTests(PublishedWorkerFixture published) : IClassFixture<PublishedWorkerFixture>
{
    [Fact]
    public void The_dockerfile_builds_with_the_published_command_and_runs_its_output()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));
        Assert.Contains($"RUN {PublishedWorkerFixture.PublishCommand} /app\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"/app/cnpg-dr\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:", dockerfile, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(published.Output, "appsettings.json")));
    }

    [Fact]
    public void The_entrypoint_answers_version_and_help_and_exits_0()
    {
        var (code, stdout, _) = Run(published.Entrypoint, ["--version"], published.Output, Pod(inPod: true), TimeSpan.FromSeconds(60));
        Assert.Equal(0, code);
        Assert.Matches(@"^cnpg-dr \d+\.\d+", stdout);

        (code, stdout, _) = Run(published.Entrypoint, ["help"], published.Output, Pod(inPod: false), TimeSpan.FromSeconds(60));
        Assert.Equal(0, code);
        Assert.Contains("cnpg-dr [OPTIONS] <COMMAND>", stdout, StringComparison.Ordinal);
        Assert.Contains("recover", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_verb_at_the_entrypoint_exits_2_without_starting_the_worker()
    {
        // In a pod without an address the worker would refuse too; the verbs list proves the CLI answered.
        var (code, _, stderr) = Run(published.Entrypoint, ["recvoer"], published.Output, Pod(inPod: true), TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Contains("preflight", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Dr:Temporal:Address", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_pod_without_a_temporal_address_the_entrypoint_refuses_with_one_line_and_exit_2()
    {
        var (code, stdout, stderr) = Run(published.Entrypoint, [], published.Output, Pod(inPod: true), TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: no Dr:Temporal:Address in a Kubernetes pod (KUBERNETES_SERVICE_HOST is set)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tls_file_stops_the_entrypoint_with_one_line_naming_key_and_path()
    {
        var env = Pod(inPod: true);
        env["Dr__Temporal__Address"] = "127.0.0.1:1";
        env["Dr__Temporal__Tls__ClientCertFile"] = "/etc/temporal-tls/tls.crt";
        env["Dr__Temporal__Tls__ClientKeyFile"] = "/etc/temporal-tls/tls.key";
        var (code, _, stderr) = Run(published.Entrypoint, [], published.Output, env, TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Equal("error: Dr:Temporal:Tls:ClientCertFile: cannot read /etc/temporal-tls/tls.crt (no such file)", stderr.Trim());
    }

    internal static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string workDir, IDictionary<string, string?> env, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The test host's MSBuild and Dr settings must not leak into the child.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Dr__", StringComparison.Ordinal) || k is "KUBERNETES_SERVICE_HOST").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static Dictionary<string, string?> Pod(bool inPod) =>
        inPod ? new() { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" } : [];
}
