using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using Spectre.Console.Cli;
using System.ComponentModel;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>restore-local &lt;db&gt;</c>: restore a lineage into a throwaway local PostgreSQL and validate it.</summary>
public sealed class RestoreLocalCommand(CliContext cli) : DrCommand<RestoreLocalSettings>(cli)
{
    protected override async Task<int> RunAsync(RestoreLocalSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var output = Output;
        var lineage = args.Lineage ?? throw new UsageException("--lineage is required");
        var time = CliTime.Parse(args.TargetTime, "target-time");
        if (time is not null && args.BackupId is not null)
        {
            throw new UsageException("give --backup-id or --target-time, not both");
        }

        var baseline = await ValidateCommand.ReadBaselineAsync(args.Baseline, cancellationToken).ConfigureAwait(false);
        var request = new LocalRestoreRequest(args.Db, lineage, args.BackupId, time, baseline);
        try
        {
            var report = await services.GetRequiredService<LocalRestorer>().RestoreAsync(request, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(args.Json ? Json.Serialize(report) + "\n" : ValidationTable.Render(report)).ConfigureAwait(false);
            return report.Passed ? ExitCodes.Ok : ExitCodes.CheckRefused;
        }
        catch (ApplicationFailureException e) when (e.ErrorType == "RecoveryTargetUnreachable")
        {
            await output.WriteLineAsync($"NOT REACHABLE: {e.Message}").ConfigureAwait(false);
            return ExitCodes.CheckRefused;
        }
    }
}

/// <summary>The options of <see cref="RestoreLocalCommand"/>.</summary>
public sealed class RestoreLocalSettings : DrSettings
{
    [CommandArgument(0, "<db>")]
    [Description("database name")]
    public string Db { get; init; } = string.Empty;

    [CommandOption("--lineage <NAME>")]
    [Description("lineage (serverName) to restore; required")]
    public string? Lineage { get; init; }

    [CommandOption("--backup-id <ID>")]
    [Description("restore this base backup")]
    public string? BackupId { get; init; }

    [CommandOption("--target-time <ISO8601>")]
    [Description("replay WAL up to this time (with a zone)")]
    public string? TargetTime { get; init; }

    [CommandOption("--baseline <FILE>")]
    [Description("compare with a baseline saved by validate --save-baseline")]
    public string? Baseline { get; init; }

    [CommandOption("--json")]
    [Description("the report as JSON")]
    public bool Json { get; init; }
}
