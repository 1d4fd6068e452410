namespace CnpgDrTemporal.Worker.Hosting;

/// <summary><c>Dr:Health</c>: the probe endpoints of the worker.</summary>
public sealed class HealthOptions
{
    public const string Section = "Dr:Health";

    /// <summary>Port of <c>/healthz</c> and <c>/readyz</c> on all interfaces; empty or 0 = no endpoint (the laptop default).</summary>
    public int? Port { get; set; }
}
