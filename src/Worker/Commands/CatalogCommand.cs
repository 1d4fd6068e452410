using System.Globalization;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>catalog &lt;db&gt;</c>: every lineage with verdicts; with a target, the reachability check.</summary>
public sealed class CatalogCommand : ICliCommand, IHasSwitches
{
    public string Name => "catalog";

    public string Usage => "catalog <db> [--json] [--deep] [--target-time <ISO8601>] [--lineage <name>] [--backup-id <id>]";

    public string[] Switches => ["json", "deep"];

    public async Task<int> RunAsync(CommandLine args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var db = args.Require(0, "<db>");
        var reader = services.GetRequiredService<BackupCatalogReader>();
        var catalog = await reader.ReadAsync(db, args.Has("deep"), cancellationToken).ConfigureAwait(false);
        var json = args.Has("json");
        var targetTime = args.GetTime("target-time");
        if (targetTime is not null || args.Has("backup-id") || args.Has("lineage"))
        {
            var checker = services.GetRequiredService<TargetChecker>();
            var result = await checker.CheckAsync(new TargetCheckRequest(db, args.Get("lineage"), args.Get("backup-id"), targetTime), catalog, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(json ? Json.Serialize(result) : CatalogTable.Render(result)).ConfigureAwait(false);
            return result.Reachable ? ExitCodes.Ok : ExitCodes.CheckRefused;
        }

        if (json)
        {
            await output.WriteLineAsync(Json.Serialize(catalog)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteAsync(CatalogTable.Render(catalog)).ConfigureAwait(false);
        }

        if (catalog.Lineages.Count == 0)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"no lineages under {catalog.Location}")).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
