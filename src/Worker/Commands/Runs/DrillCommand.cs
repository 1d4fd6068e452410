using System.ComponentModel;
using CnpgDrTemporal.Activities.Drills;
using CnpgDrTemporal.Worker.Cli;
using CnpgDrTemporal.Workflows.Drills;
using Spectre.Console.Cli;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary><c>drill &lt;db&gt;</c>: starts the <see cref="DrillWorkflow"/> now (ID <c>cnpg-dr-drill-&lt;db&gt;</c>); one at a time.</summary>
public sealed class DrillCommand(CliContext cli) : DrCommand<DrillSettings>(cli)
{
    protected override async Task<int> RunAsync(DrillSettings args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var temporal = RecoveryRun.OptionsOf(services);
        var client = await TemporalConnection.ConnectAsync(temporal).ConfigureAwait(false);
        var id = DrillWorkflow.WorkflowId(args.Db);
        bool started;
        try
        {
            await client.StartWorkflowAsync((DrillWorkflow wf) => wf.RunAsync(new DrillInput(args.Db, args.Mode)), new WorkflowOptions(id, temporal.TaskQueue)).ConfigureAwait(false);
            started = true;
        }
        catch (WorkflowAlreadyStartedException)
        {
            started = false;
        }

        await Output.WriteLineAsync(args.Json
            ? Json.Serialize(new { workflowId = id, started, mode = args.Mode })
            : started ? $"started {id} ({args.Mode}); cnpg-dr runs shows its state" : $"a drill of {args.Db} is already running ({id}): not started again").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

/// <summary>The options of <see cref="DrillCommand"/>.</summary>
public sealed class DrillSettings : DrSettings
{
    [CommandArgument(0, "<db>")]
    [Description("database name")]
    public string Db { get; init; } = string.Empty;

    [CommandOption("--mode <MODE>")]
    [Description("Local: restore on this machine; Cluster: a throwaway Cluster in Kubernetes")]
    [DefaultValue(DrillMode.Local)]
    public DrillMode Mode { get; init; } = DrillMode.Local;

    [CommandOption("--json")]
    [Description("machine-readable output")]
    public bool Json { get; init; }
}
