using CnpgDrTemporal.Tests.Support;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Worker.Commands;

namespace CnpgDrTemporal.Tests.Cli;

/// <summary>
/// The command line as a scripting contract, offline: help with an example on every verb,
/// <c>--version</c>, an unknown verb, the worker's own options, and wrong input refused (exit 2)
/// before anything talks to Temporal.
/// </summary>
public sealed class CliParsingTests
{
    /// <summary>Nothing listens here: a verb that got past its parsing says it cannot connect.</summary>
    private static readonly Dictionary<string, string?> NoServer = new() { ["Dr:Temporal:Address"] = "127.0.0.1:1" };

    public static TheoryData<string> Verbs() => [.. CliCommands.All.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Every_verb_has_help_with_an_example(string verb)
    {
        var r = await CliRunner.RunAsync(NoServer, verb, "--help");

        Assert.Equal((0, string.Empty), (r.ExitCode, r.Error));
        Assert.Contains($"cnpg-dr {verb}", r.Output, StringComparison.Ordinal);
        Assert.Contains("EXAMPLES:", r.Output, StringComparison.Ordinal);
        Assert.Contains("cnpg-dr " + string.Join(' ', CliCommands.Find(verb)!.Examples[0]), System.Text.RegularExpressions.Regex.Replace(r.Output, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_without_a_verb_lists_every_verb()
    {
        var r = await CliRunner.RunAsync(NoServer, "--help");

        Assert.Equal(0, r.ExitCode);
        Assert.All(CliCommands.All, v => Assert.Contains(v.Name, r.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_as_a_verb_is_the_help_of_the_verb_after_it()
    {
        var r = await CliRunner.RunAsync(NoServer, "help", "approve");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--expect-plan-hash <HASH>", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_informational_version_and_starts_nothing()
    {
        var r = await CliRunner.RunAsync(NoServer, "--version");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"cnpg-dr {CliApp.Version}\n", r.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+", CliApp.Version);
    }

    [Fact]
    public async Task An_unknown_verb_lists_the_verbs_on_stderr_and_exits_two_without_the_worker()
    {
        var r = await CliRunner.RunAsync(NoServer, "recovr", "gitea");

        Assert.Equal(ExitCodes.Error, r.ExitCode);
        Assert.Equal(string.Empty, r.Output);
        Assert.StartsWith("error: unknown verb 'recovr'", r.Error, StringComparison.Ordinal);
        Assert.All(CliCommands.All, v => Assert.Contains($"  {v.Name} ", r.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_verb_runs_the_worker_with_its_options_as_configuration()
    {
        string[]? workerArgs = null;
        var cli = new CliContext(CliContext.PlainConsole(TextWriter.Null), TextWriter.Null, TextReader.Null);

        var code = await CliApp.MainAsync(["--dev-server", "--context", "prod", "--Dr:Temporal:TaskQueue=q"], cli, a => Task.FromResult((workerArgs = a).Length));

        Assert.Equal(3, code);
        Assert.Equal(["--Dr:Temporal:DevServer=true", "--Dr:Kubernetes:Context=prod", "--Dr:Temporal:TaskQueue=q"], workerArgs!);
        Assert.Empty(await RunWorkerAsync([]));
    }

    [Theory]
    [InlineData("--yes needs --expect-plan-hash", "approve", "gitea", "--yes")]
    [InlineData("Unknown option 'force'", "approve", "gitea", "--force")]
    [InlineData("missing required argument 'db'", "watch")]
    [InlineData("--interval 0 is not positive", "watch", "gitea", "--interval", "0")]
    [InlineData("--target-time '2026-08-01T02:30:00' has no time zone", "recover", "gitea", "--target-time", "2026-08-01T02:30:00")]
    [InlineData("give --backup-id or --target-time, not both", "recover", "gitea", "--backup-id", "20260801T020000", "--target-time", "2026-08-01T02:30:00Z")]
    [InlineData("database 'Gitea' is not a lowercase DNS label", "recover", "Gitea")]
    [InlineData("walMaxParallel 0 is not between 1 and 64", "recover", "gitea", "--wal-max-parallel", "0")]
    [InlineData("--reason is required", "abort", "gitea")]
    [InlineData("--reason is required", "reject", "gitea", "--reason", " ")]
    [InlineData("give --latest, or --target-time and/or --backup-id", "retarget", "gitea")]
    [InlineData("give --latest, or --target-time and/or --backup-id", "retarget", "gitea", "--latest", "--backup-id", "x")]
    [InlineData("--target-time 'yesterday' is not an ISO 8601 time", "retarget", "gitea", "--target-time", "yesterday")]
    [InlineData("Failed to convert 'Remote'", "drill", "gitea", "--mode", "Remote")]
    [InlineData("Failed to convert 'many'", "runs", "--limit", "many")]
    public async Task Wrong_input_exits_two_with_one_error_before_any_call(string message, params string[] args)
    {
        var r = await CliRunner.RunAsync(NoServer, args);

        Assert.Equal(ExitCodes.Error, r.ExitCode);
        Assert.StartsWith("error: ", r.Error, StringComparison.Ordinal);
        Assert.Contains(message, r.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cannot connect", r.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Output);
    }

    [Theory]
    [InlineData("recover", "gitea", "--target-time", "2026-08-01T02:30:00+02:00", "--source", "gitea-database-v1", "--next", "gitea-database-v3", "--review-branch", "--four-eyes", "--dry-run", "--as", "alice", "--interval", "0.5", "--json")]
    [InlineData("recover", "gitea", "--backup-id", "20260801T020000")]
    [InlineData("recover", "gitea", "--wal-max-parallel", "8")]
    [InlineData("approve", "gitea", "--as", "bob", "--comment", "checked the diff")]
    [InlineData("approve", "gitea", "--yes", "--expect-plan-hash", "5d41402a", "--json")]
    [InlineData("watch", "gitea", "--interval", "0.2", "--json")]
    [InlineData("abort", "gitea", "--reason", "restoring by hand", "--as", "carol")]
    [InlineData("reject", "gitea", "--reason", "wrong target")]
    [InlineData("retarget", "gitea", "--latest")]
    [InlineData("retarget", "gitea", "--target-time", "2026-08-01T02:00:00Z", "--backup-id", "20260801T020000")]
    [InlineData("retry", "gitea", "--comment", "S3 credentials rotated", "--as", "dave")]
    [InlineData("drill", "gitea", "--mode", "Cluster")]
    [InlineData("runs", "--limit", "5", "--json")]
    public async Task Correct_input_gets_as_far_as_Temporal(params string[] args)
    {
        var r = await CliRunner.RunAsync(NoServer, args);

        Assert.Equal(ExitCodes.Error, r.ExitCode);
        Assert.StartsWith("error: cannot connect to Temporal at 127.0.0.1:1", r.Error, StringComparison.Ordinal);
    }

    private static async Task<string[]> RunWorkerAsync(string[] args)
    {
        string[]? seen = null;
        var cli = new CliContext(CliContext.PlainConsole(TextWriter.Null), TextWriter.Null, TextReader.Null);
        await CliApp.MainAsync(args, cli, a => Task.FromResult((seen = a).Length));
        return seen ?? throw new Xunit.Sdk.XunitException("the worker did not start");
    }
}
