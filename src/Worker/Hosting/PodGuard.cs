using CnpgDrTemporal.Activities;

namespace CnpgDrTemporal.Worker.Hosting;

/// <summary>
/// Whether the worker runs the embedded dev server, and why it refuses to in a pod: the server keeps its
/// SQLite file on the container's disk, so a pod restart would lose every recovery in flight.
/// </summary>
public static class PodGuard
{
    /// <summary>Set by Kubernetes in every container of a pod.</summary>
    public const string InPodVariable = "KUBERNETES_SERVICE_HOST";

    public static bool UsesDevServer(TemporalOptions temporal) => temporal.DevServer || string.IsNullOrWhiteSpace(temporal.Address);

    /// <summary>Null when the worker may start; else the one-line reason it must not.</summary>
    public static string? RefusalReason(TemporalOptions temporal, Func<string, string?> environment)
    {
        if (temporal.DevServer || !string.IsNullOrWhiteSpace(temporal.Address) || string.IsNullOrEmpty(environment(InPodVariable)))
        {
            return null;
        }

        return $"no {TemporalOptions.Section}:Address in a Kubernetes pod ({InPodVariable} is set): the embedded dev server would keep its "
            + "SQLite file on the container's disk and a pod restart would lose every recovery in flight; "
            + $"set {TemporalOptions.Section}:Address (Dr__Temporal__Address), or pass --dev-server to force it";
    }
}
