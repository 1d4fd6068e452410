using CnpgDrTemporal.Activities.GitOps.Migration;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using System.ComponentModel;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>plan-migration &lt;db&gt;</c>: the move to the Barman Cloud plugin as text and rendered difference; writes nothing. Exit 3 when refused.</summary>
public sealed class PlanMigrationCommand(CliContext cli) : DrCommand<PlanMigrationSettings>(cli)
{
    protected override async Task<int> RunAsync(PlanMigrationSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = new PluginMigrationOptions(args.ObjectStore, args.IncludeRecoveryOverlay, !args.KeepPodMonitor);
        var (plan, head) = await services.GetRequiredService<MigrationPreview>().PlanAsync(args.Db, options, args.RepoDir, cancellationToken).ConfigureAwait(false);
        await Output.WriteAsync(args.Json ? Json.Serialize(plan) + "\n" : MigrationPreview.Text(plan, head)).ConfigureAwait(false);
        return plan.Refusal is null ? ExitCodes.Ok : ExitCodes.CheckRefused;
    }
}

/// <summary>The options of <see cref="PlanMigrationCommand"/>.</summary>
public sealed class PlanMigrationSettings : DrSettings
{
    [CommandArgument(0, "<db>")]
    [Description("database name")]
    public string Db { get; init; } = string.Empty;

    [CommandOption("--object-store <NAME>")]
    [Description("name of the new ObjectStore; default <db>-objectstore")]
    public string? ObjectStore { get; init; }

    [CommandOption("--include-recovery-overlay")]
    [Description("also move overlays/recovery's externalClusters to the plugin shape")]
    public bool IncludeRecoveryOverlay { get; init; }

    [CommandOption("--keep-pod-monitor")]
    [Description("keep spec.monitoring.enablePodMonitor instead of a PodMonitor manifest")]
    public bool KeepPodMonitor { get; init; }

    [CommandOption("--repo-dir <PATH>")]
    [Description("a local checkout instead of a fresh clone of Dr:Git:RepoUrl")]
    public string? RepoDir { get; init; }

    [CommandOption("--json")]
    [Description("the plan as JSON")]
    public bool Json { get; init; }
}
