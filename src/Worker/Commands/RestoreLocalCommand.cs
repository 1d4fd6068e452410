using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Worker.Cli;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Worker.Commands;

/// <summary><c>restore-local &lt;db&gt;</c>: restore a lineage into a throwaway local PostgreSQL and validate it.</summary>
public sealed class RestoreLocalCommand : ICliCommand
{
    public string Name => "restore-local";

    public string Usage => "restore-local <db> --lineage <name> [--backup-id <id> | --target-time <ISO8601>] [--baseline <file.json>] [--json]";

    public async Task<int> RunAsync(CommandLine args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var db = args.Require(0, "<db>");
        var lineage = args.Get("lineage") ?? throw new UsageException("--lineage is required");
        var time = args.GetTime("target-time");
        if (time is not null && args.Has("backup-id"))
        {
            throw new UsageException("give --backup-id or --target-time, not both");
        }

        var baseline = await ValidateCommand.ReadBaselineAsync(args.Get("baseline"), cancellationToken).ConfigureAwait(false);
        var request = new LocalRestoreRequest(db, lineage, args.Get("backup-id"), time, baseline);
        try
        {
            var report = await services.GetRequiredService<LocalRestorer>().RestoreAsync(request, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(args.Has("json") ? Json.Serialize(report) + "\n" : ValidationTable.Render(report)).ConfigureAwait(false);
            return report.Passed ? ExitCodes.Ok : ExitCodes.CheckRefused;
        }
        catch (ApplicationFailureException e) when (e.ErrorType == "RecoveryTargetUnreachable")
        {
            await output.WriteLineAsync($"NOT REACHABLE: {e.Message}").ConfigureAwait(false);
            return ExitCodes.CheckRefused;
        }
    }
}
