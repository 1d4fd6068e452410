using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.GitOps;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Worker.Cli;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary>
/// <c>plan &lt;db&gt;</c>: the git change a recovery would commit (summary, plan hash, unified diff).
/// Reads a local checkout or a fresh clone; writes nothing.
/// </summary>
public sealed class PlanCommand : ICliCommand, IHasSwitches
{
    public string Name => "plan";

    public string Usage => "plan <db> --source <lineage> [--backup-id <id> | --target-time <ISO8601>] [--next <lineage>] [--wal-max-parallel <n>] [--repo-dir <path>] [--json]";

    public string[] Switches => ["json"];

    public async Task<int> RunAsync(CommandLine args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var db = args.Require(0, "<db>");
        var source = args.Get("source") ?? throw new UsageException("missing --source <lineage>");
        var backupId = args.Get("backup-id");
        var targetTime = args.GetTime("target-time");
        if (backupId is not null && targetTime is not null)
        {
            throw new UsageException("give --backup-id or --target-time, not both");
        }

        int? walMaxParallel = args.Get("wal-max-parallel") is { } raw
            ? int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--wal-max-parallel '{raw}' is not a number")
            : null;
        var options = services.GetRequiredService<IOptions<GitOpsOptions>>().Value;
        var repoDir = args.Get("repo-dir");
        using var checkout = repoDir is null ? services.GetRequiredService<GitRemote>().Clone("plan", cancellationToken) : null;
        var root = checkout?.Path ?? repoDir!;
        var before = DbFiles.Load(root, options.DatabaseDirectory(db), db);
        var next = args.Get("next")
            ?? await services.GetRequiredService<BackupCatalogReader>().NextWriteLineageAsync(db, DatabaseDirectory.Read(before).WriteLineage, cancellationToken).ConfigureAwait(false);
        var edit = new RecoveryEditRequest(db, source, next, backupId, targetTime, walMaxParallel).ToEdit();
        var change = await services.GetRequiredService<GitOpsPlanner>().PlanAsync(before, edit, checkout?.Head.Sha ?? HeadOf(root), cancellationToken).ConfigureAwait(false);
        var plan = change.Plan;
        if (args.Has("json"))
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
