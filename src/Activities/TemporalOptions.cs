namespace CnpgDrTemporal.Activities;

/// <summary><c>Dr:Temporal</c>: where the worker connects. No address = embedded local dev server.</summary>
public sealed class TemporalOptions
{
    public const string Section = "Dr:Temporal";

    /// <summary>Databases never recovered by default: the one backing Temporal itself.</summary>
    public static readonly IReadOnlyList<string> DefaultProtectedDatabases = ["temporal"];

    public string? Address { get; set; }

    public string Namespace { get; set; } = "default";

    public string TaskQueue { get; set; } = "cnpg-dr";

    /// <summary>Overrides <see cref="DefaultProtectedDatabases"/> (null = the default; a config list replaces it).</summary>
    public string[]? ProtectedDatabases { get; set; }

    /// <summary>gRPC port of the embedded dev server (the temporal CLI's default, so its commands need no --address).</summary>
    public int LocalPort { get; set; } = 7233;

    /// <summary>Web UI port of the embedded dev server.</summary>
    public int UiPort { get; set; } = 8233;
}
