using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Workflows;
using CnpgDrTemporal.Workflows.Recovery;
using Temporalio.Runtime;
using Temporalio.Testing;

namespace CnpgDrTemporal.Worker;

/// <summary>
/// The embedded Temporal dev server used when <c>Dr:Temporal:Address</c> is empty: a separate
/// Temporal with its own SQLite file, so recovering the database of the production Temporal
/// does not pull the floor from under this workflow.
/// </summary>
public static class LocalDevServer
{
    public const string CliPathVariable = "TEMPORAL_CLI_PATH";

    /// <summary>The SQLite file under the user's data directory (~/.local/share on Linux).</summary>
    public static string DatabaseFile(string dataDirectory) => Path.Combine(dataDirectory, "cnpg-dr", "temporal.sqlite");

    /// <summary>Start options: the CLI at <c>$TEMPORAL_CLI_PATH</c> when set, else the SDK's download; UI on.</summary>
    public static WorkflowEnvironmentStartLocalOptions StartOptions(TemporalOptions temporal, string? cliPath, string dataDirectory, TemporalRuntime? runtime = null) => new()
    {
        Runtime = runtime,
        TargetHost = $"127.0.0.1:{temporal.LocalPort}",
        Namespace = temporal.Namespace,
        DataConverter = DrDataConverter.Instance,
        UI = true,
        UIPort = temporal.UiPort,
        DevServerOptions = new DevServerOptions
        {
            ExistingPath = string.IsNullOrWhiteSpace(cliPath) ? null : cliPath,
            DatabaseFilename = DatabaseFile(dataDirectory),
        },
    };

    public static async Task<WorkflowEnvironment> StartAsync(TemporalOptions temporal, TemporalRuntime? runtime = null)
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        var options = StartOptions(temporal, Environment.GetEnvironmentVariable(CliPathVariable), data, runtime);
        Directory.CreateDirectory(Path.GetDirectoryName(options.DevServerOptions.DatabaseFilename)!);
        try
        {
            return await WorkflowEnvironment.StartLocalAsync(options).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DrException($"cannot start the embedded Temporal dev server on {options.TargetHost} ({e.Message}): set {CliPathVariable} to a temporal CLI binary, or Dr:Temporal:Address to a running server", e);
        }
    }

    /// <summary>What the operator reads first: where the UI is and how to start and approve a recovery.</summary>
    public static string Banner(TemporalOptions temporal, string address)
    {
        var ns = temporal.Namespace is "default" ? string.Empty : $" --namespace {temporal.Namespace}";
        var at = address == "127.0.0.1:7233" ? string.Empty : $" --address {address}";
        var id = RecoveryInput.WorkflowIdFor("<db>");
        return $$"""
            cnpg-dr: embedded Temporal dev server at {{address}}, data in its SQLite file
              UI:      http://127.0.0.1:{{temporal.UiPort}}
              dry run: temporal workflow start{{at}}{{ns}} --task-queue {{temporal.TaskQueue}} --type RecoveryWorkflow --workflow-id {{id}} --input '{"database":"<db>","dryRun":true}'
              recover: temporal workflow start{{at}}{{ns}} --task-queue {{temporal.TaskQueue}} --type RecoveryWorkflow --workflow-id {{id}} --input '{"database":"<db>"}'
              status:  temporal workflow query{{at}}{{ns}} --workflow-id {{id}} --name status
              approve: the status query prints the exact command under pendingApproval.approveCommand, e.g.
                       temporal workflow signal{{at}}{{ns}} --workflow-id {{id}} --name approve --input '{"step":"plan","database":"<db>","planHash":"<planHash>","approver":"YOUR-NAME","comment":"ok"}'
            """;
    }
}
