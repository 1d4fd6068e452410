using System.Text.RegularExpressions;

namespace CnpgDrTemporal.Activities.GitOps.Migration;

/// <summary>
/// Choices of the move to the Barman Cloud plugin. <see cref="ObjectStoreName"/> defaults to
/// <c>&lt;db&gt;-objectstore</c>; <see cref="IncludeRecoveryOverlay"/> also moves the recovery overlay's
/// <c>externalClusters</c> (and allows the move while the root flag is on the recovery overlay);
/// <see cref="ReplacePodMonitor"/> swaps <c>enablePodMonitor</c> (gone in CNPG 1.30) for a PodMonitor.
/// </summary>
public sealed partial record PluginMigrationOptions(string? ObjectStoreName = null, bool IncludeRecoveryOverlay = false, bool ReplacePodMonitor = true)
{
    public string ObjectStoreFor(string database) => ObjectStoreName ?? $"{database}-objectstore";

    /// <summary>The recovery overlay reads through an ObjectStore of its own.</summary>
    public string RecoveryObjectStoreFor(string database) => $"{ObjectStoreFor(database)}-recovery";

    public void Validate(string database)
    {
        var name = ObjectStoreFor(database);
        if (name.Length > 240 || !DnsSubdomain().IsMatch(name))
        {
            throw GitOpsException.BadInput($"ObjectStore name '{name}' is not a Kubernetes object name (lowercase a-z, 0-9, '-', '.')");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
