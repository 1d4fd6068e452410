using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Worker.Cli;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console.Cli;
using System.ComponentModel;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary>
/// <c>plan &lt;db&gt;</c>: the git change a recovery would commit (summary, plan hash, unified diff).
/// Reads a local checkout or a fresh clone; writes nothing.
/// </summary>
public sealed class PlanCommand(CliContext cli) : DrCommand<PlanSettings>(cli)
{
    protected override async Task<int> RunAsync(PlanSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = Output;
        var db = args.Db;
        var source = args.Source ?? throw new UsageException("missing --source <lineage>");
        var backupId = args.BackupId;
        var targetTime = CliTime.Parse(args.TargetTime, "target-time");
        if (backupId is not null && targetTime is not null)
        {
            throw new UsageException("give --backup-id or --target-time, not both");
        }

        var walMaxParallel = args.WalMaxParallel;
        var options = services.GetRequiredService<IOptions<GitOpsOptions>>().Value;
        var repoDir = args.RepoDir;
        using var checkout = repoDir is null ? services.GetRequiredService<GitRemote>().Clone("plan", cancellationToken) : null;
        var root = checkout?.Path ?? repoDir!;
        var before = DbFiles.Load(root, options.DatabaseDirectory(db), db);
        var next = args.Next
            ?? await services.GetRequiredService<BackupCatalogReader>().NextWriteLineageAsync(db, DatabaseDirectory.Read(before).WriteLineage, cancellationToken).ConfigureAwait(false);
        var edit = new RecoveryEditRequest(db, source, next, backupId, targetTime, walMaxParallel).ToEdit();
        var change = await services.GetRequiredService<GitOpsPlanner>().PlanAsync(before, edit, checkout?.Head.Sha ?? HeadOf(root), cancellationToken).ConfigureAwait(false);
        var plan = change.Plan;
        if (args.Json)
        {
            await output.WriteLineAsync(Json.Serialize(plan)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await output.WriteLineAsync(plan.Summary).ConfigureAwait(false);
        await output.WriteLineAsync($"plan hash: {plan.PlanHash}").ConfigureAwait(false);
        await output.WriteLineAsync($"base: {plan.BaseCommit ?? "(not a git checkout)"}").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteAsync(plan.Diff).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string? HeadOf(string root)
    {
        if (!Repository.IsValid(root))
        {
            return null;
        }

        using var repo = new Repository(root);
        return repo.Head.Tip?.Sha;
    }
}

/// <summary>The options of <see cref="PlanCommand"/>.</summary>
public sealed class PlanSettings : DrSettings
{
    [CommandArgument(0, "<db>")]
    [Description("database name")]
    public string Db { get; init; } = string.Empty;

    [CommandOption("--source <LINEAGE>")]
    [Description("lineage (serverName) to recover from; required")]
    public string? Source { get; init; }

    [CommandOption("--backup-id <ID>")]
    [Description("recover this base backup")]
    public string? BackupId { get; init; }

    [CommandOption("--target-time <ISO8601>")]
    [Description("recover to this point in time (with a zone)")]
    public string? TargetTime { get; init; }

    [CommandOption("--next <LINEAGE>")]
    [Description("new write lineage; default: the next free one")]
    public string? Next { get; init; }

    [CommandOption("--wal-max-parallel <N>")]
    [Description("also set the recovery source's wal.maxParallel (1-64) in the same commit")]
    public int? WalMaxParallel { get; init; }

    [CommandOption("--repo-dir <PATH>")]
    [Description("a local checkout instead of a fresh clone of Dr:Git:RepoUrl")]
    public string? RepoDir { get; init; }

    [CommandOption("--json")]
    [Description("the plan as JSON")]
    public bool Json { get; init; }
}
