using CnpgDrTemporal.Activities.GitOps.Migration;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>plan-migration &lt;db&gt;</c>: the move to the Barman Cloud plugin as text and rendered difference; writes nothing. Exit 3 when refused.</summary>
public sealed class PlanMigrationCommand : ICliCommand, IHasSwitches
{
    public string Name => "plan-migration";

    public string Usage => "plan-migration <db> [--object-store <name>] [--include-recovery-overlay] [--keep-pod-monitor] [--repo-dir <path>] [--json]";

    public string[] Switches => ["json", "include-recovery-overlay", "keep-pod-monitor"];

    public async Task<int> RunAsync(CommandLine args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var options = new PluginMigrationOptions(args.Get("object-store"), args.Has("include-recovery-overlay"), !args.Has("keep-pod-monitor"));
        var (plan, head) = await services.GetRequiredService<MigrationPreview>().PlanAsync(args.Require(0, "<db>"), options, args.Get("repo-dir"), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(args.Has("json") ? Json.Serialize(plan) + "\n" : MigrationPreview.Text(plan, head)).ConfigureAwait(false);
        return plan.Refusal is null ? ExitCodes.Ok : ExitCodes.CheckRefused;
    }
}
