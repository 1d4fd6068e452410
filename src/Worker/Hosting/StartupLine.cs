using CnpgDrTemporal.Activities;
using Microsoft.Extensions.Logging;
using Temporalio.Workflows;

namespace CnpgDrTemporal.Worker.Hosting;

/// <summary>The first thing an operator looks for in the pod's log: which server, namespace and queue it polls.</summary>
public static partial class StartupLine
{
    public static IReadOnlyList<string> WorkflowNames(IEnumerable<Type> workflows) =>
        [.. workflows.Select(w => WorkflowDefinition.Create(w).Name ?? w.Name)];

    public static void Log(ILogger logger, TemporalOptions temporal, string address, IEnumerable<Type> workflows) =>
        Polling(
            logger,
            address,
            temporal.Namespace,
            temporal.TaskQueue,
            PodGuard.UsesDevServer(temporal) ? "embedded dev server" : TemporalConnection.Security(temporal),
            string.Join(", ", WorkflowNames(workflows)));

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "cnpg-dr worker: Temporal {Address}, namespace {Namespace}, task queue {TaskQueue}, {Security}; workflows {Workflows}")]
    private static partial void Polling(ILogger logger, string address, string @namespace, string taskQueue, string security, string workflows);
}
