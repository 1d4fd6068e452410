using System.ComponentModel;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Worker.Cli;
using Spectre.Console;
using Spectre.Console.Cli;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary><c>runs</c>: recoveries, drills and rebuilds, newest first, from Temporal's visibility.</summary>
public sealed class RunsCommand(CliContext cli) : DrCommand<RunListSettings>(cli)
{
    public const string Query = "WorkflowType IN ('RecoveryWorkflow', 'DrillWorkflow', 'RebuildWorkflow', 'RebuildDatabaseWorkflow')";

    /// <summary>One run as listed.</summary>
    public sealed record RunRow(string WorkflowId, string Type, string State, DateTime StartedAt, DateTime? ClosedAt);

    protected override async Task<int> RunAsync(RunListSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var temporal = RecoveryRun.OptionsOf(services);
        var client = await TemporalConnection.ConnectAsync(temporal).ConfigureAwait(false);
        var rows = new List<RunRow>();
        try
        {
            await foreach (var w in client.ListWorkflowsAsync(Query, new WorkflowListOptions { Limit = args.Limit, Rpc = new RpcOptions { CancellationToken = cancellationToken } }).ConfigureAwait(false))
            {
                rows.Add(new RunRow(w.Id, w.WorkflowType, w.Status.ToString(), w.StartTime, w.CloseTime));
            }
        }
        catch (RpcException e)
        {
            throw new DrException($"cannot list runs at {TemporalConnection.AddressOf(temporal)}: {e.Message}", e);
        }

        if (args.Json)
        {
            await Output.WriteLineAsync(Json.Serialize(rows)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("workflow", "type", "state", "started (UTC)", "closed (UTC)");
        foreach (var r in rows)
        {
            table.AddRow(new Text(r.WorkflowId), new Text(r.Type), new Text(r.State), new Text(r.StartedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)), new Text(r.ClosedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-"));
        }

        Cli.Console.Write(table);
        return ExitCodes.Ok;
    }
}

/// <summary>The options of <see cref="RunsCommand"/>.</summary>
public sealed class RunListSettings : DrSettings
{
    [CommandOption("--limit <N>")]
    [Description("at most N runs")]
    [DefaultValue(20)]
    public int Limit { get; init; } = 20;

    [CommandOption("--json")]
    [Description("machine-readable output")]
    public bool Json { get; init; }
}
