using System.Text;
using k8s;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>Reads Secret data inside an activity: only the Secret's name ever travels through a workflow.</summary>
public sealed class KubernetesSecretReader(KubeApi api) : ISecretReader
{
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(string @namespace, string name, CancellationToken ct)
    {
        var secret = await api.Calls.RunAsync("get", $"Secret {@namespace}/{name}", c => api.Client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: c), ct).ConfigureAwait(false);
        return (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value), StringComparer.Ordinal);
    }
}
