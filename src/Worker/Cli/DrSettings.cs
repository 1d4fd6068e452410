using System.ComponentModel;
using Spectre.Console.Cli;

namespace CnpgDrTemporal.Worker.Cli;

/// <summary>Options every verb shares; a verb's settings derive from this or from <see cref="KubeSettings"/>.</summary>
public class DrSettings : CommandSettings
{
    /// <summary>Configuration keys this command line sets (in-memory, over appsettings.json and the environment).</summary>
    public virtual IEnumerable<KeyValuePair<string, string?>> Configuration() => [];
}

/// <summary>A verb that talks to Kubernetes: <c>--context</c> picks the kubeconfig context.</summary>
public class KubeSettings : DrSettings
{
    public const string ContextKey = "Dr:Kubernetes:Context";

    [CommandOption("--context <NAME>")]
    [Description("kubeconfig context to use (configuration Dr:Kubernetes:Context)")]
    public string? Context { get; init; }

    public override IEnumerable<KeyValuePair<string, string?>> Configuration() =>
        Context is null ? [] : [new(ContextKey, Context)];
}
