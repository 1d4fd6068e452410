namespace CnpgDrTemporal.Activities;

/// <summary>
/// <c>Dr:Temporal</c>: where the worker connects and how it polls. No address = embedded local dev server
/// (refused inside a pod unless <see cref="DevServer"/>). Credentials are named (files, env vars), never inlined.
/// </summary>
public sealed class TemporalOptions
{
    public const string Section = "Dr:Temporal";

    /// <summary>Databases never recovered by default: the one backing Temporal itself.</summary>
    public static readonly IReadOnlyList<string> DefaultProtectedDatabases = ["temporal"];

    public string? Address { get; set; }

    /// <summary>Force the embedded dev server (also in a pod, also with an address): <c>--dev-server</c>.</summary>
    public bool DevServer { get; set; }

    /// <summary>TLS / mTLS towards a self-hosted Temporal or Temporal Cloud.</summary>
    public TemporalTlsOptions Tls { get; set; } = new();

    /// <summary>Environment variable holding a Temporal Cloud API key (the key itself is never configured).</summary>
    public string? ApiKeyEnvVar { get; set; }

    /// <summary>File holding a Temporal Cloud API key (e.g. a mounted Secret).</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Worker identity shown in Temporal's UI; empty = the SDK's pid@host (in a pod: the pod name).</summary>
    public string? Identity { get; set; }

    /// <summary>Activities run at once by this worker; empty = the SDK's default.</summary>
    public int? MaxConcurrentActivities { get; set; }

    /// <summary>Workflow tasks run at once by this worker; empty = the SDK's default.</summary>
    public int? MaxConcurrentWorkflowTasks { get; set; }

    /// <summary>
    /// How long a stopping worker lets in-flight activities finish before cancelling them; the pod's
    /// terminationGracePeriodSeconds must be longer.
    /// </summary>
    public TimeSpan GracefulShutdown { get; set; } = TimeSpan.FromSeconds(60);

    public string Namespace { get; set; } = "default";

    public string TaskQueue { get; set; } = "cnpg-dr";

    /// <summary>Overrides <see cref="DefaultProtectedDatabases"/> (null = the default; a config list replaces it).</summary>
    public string[]? ProtectedDatabases { get; set; }

    /// <summary>gRPC port of the embedded dev server (the temporal CLI's default, so its commands need no --address).</summary>
    public int LocalPort { get; set; } = 7233;

    /// <summary>Web UI port of the embedded dev server.</summary>
    public int UiPort { get; set; } = 8233;
}
