using System.Globalization;
using CnpgDrTemporal.Activities.Backups;
using System.ComponentModel;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>catalog &lt;db&gt;</c>: every lineage with verdicts; with a target, the reachability check.</summary>
public sealed class CatalogCommand(CliContext cli) : DrCommand<CatalogSettings>(cli)
{
    protected override async Task<int> RunAsync(CatalogSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = Output;
        var db = args.Db;
        var targetTime = CliTime.Parse(args.TargetTime, "target-time");
        var reader = services.GetRequiredService<BackupCatalogReader>();
        var catalog = await reader.ReadAsync(db, args.Deep, cancellationToken).ConfigureAwait(false);
        var json = args.Json;
        if (targetTime is not null || args.BackupId is not null || args.Lineage is not null)
        {
            var checker = services.GetRequiredService<TargetChecker>();
            var result = await checker.CheckAsync(new TargetCheckRequest(db, args.Lineage, args.BackupId, targetTime), catalog, cancellationToken).ConfigureAwait(false);
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
            await Cli.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"no lineages under {catalog.Location}")).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}

/// <summary>The options of <see cref="CatalogCommand"/>.</summary>
public sealed class CatalogSettings : DrSettings
{
    [CommandArgument(0, "<db>")]
    [Description("database name")]
    public string Db { get; init; } = string.Empty;

    [CommandOption("--json")]
    [Description("the catalog as JSON")]
    public bool Json { get; init; }

    [CommandOption("--deep")]
    [Description("also read every WAL segment's object (slower)")]
    public bool Deep { get; init; }

    [CommandOption("--target-time <ISO8601>")]
    [Description("check that this point in time is reachable (with a zone: Z or an offset)")]
    public string? TargetTime { get; init; }

    [CommandOption("--lineage <NAME>")]
    [Description("check within this lineage (serverName)")]
    public string? Lineage { get; init; }

    [CommandOption("--backup-id <ID>")]
    [Description("check from this base backup")]
    public string? BackupId { get; init; }
}
