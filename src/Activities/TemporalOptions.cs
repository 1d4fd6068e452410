namespace CnpgDrTemporal.Activities;

/// <summary><c>Dr:Temporal</c>: where the worker connects. No address = embedded local dev server.</summary>
public sealed class TemporalOptions
{
    public const string Section = "Dr:Temporal";

    public string? Address { get; set; }

    public string Namespace { get; set; } = "default";

    public string TaskQueue { get; set; } = "cnpg-dr";
}
