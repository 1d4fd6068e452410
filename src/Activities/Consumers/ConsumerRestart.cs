using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Consumers;

public sealed record ConsumerRollout(string Namespace, string Name, long Generation, int Replicas);

public sealed record ConsumerRestartResult(IReadOnlyList<ConsumerRollout> Rollouts);

/// <summary>
/// Step 10: <c>kubectl rollout restart</c> for the consumers (every Deployment of the namespaces, or
/// those matching a selector), then wait until each rollout completed. The same
/// <c>restartedAt</c> on a retry restarts nothing twice.
/// </summary>
public sealed class ConsumerRestart(KubeApi api)
{
    private readonly ILogger logger = api.Logger<ConsumerRestart>();

    public async Task<ConsumerRestartResult> RunAsync(IReadOnlyList<string> namespaces, string? labelSelector, string restartedAt, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(restartedAt))
        {
            throw new DrException("consumer restart needs a restartedAt value (the same on every retry)");
        }

        var signal = new ChangeSignal();
        var sets = new List<WatchedSet<V1Deployment>>();
        try
        {
            var targets = new List<(string Namespace, string Name)>();
            foreach (var ns in namespaces.Distinct(StringComparer.Ordinal))
            {
                var set = await api.WatchAsync(api.DeploymentSource(ns, labelSelector), signal, ct).ConfigureAwait(false);
                sets.Add(set);
                foreach (var d in set.Items.OrderBy(d => d.Name(), StringComparer.Ordinal))
                {
                    await RestartAsync(d, restartedAt, ct).ConfigureAwait(false);
                    targets.Add((ns, d.Name()));
                }
            }

            await using var beats = new Heartbeats<string>($"waiting for {targets.Count} rollout(s)", api.Options.HeartbeatInterval);
            var deadline = new Deadline(api.Options.RolloutTimeout);
            List<V1Deployment> Current() => sets.SelectMany(s => s.Items).Where(d => targets.Contains((d.Namespace(), d.Name()))).ToList();
            return await Waits.UntilAsync(
                signal,
                deadline,
                api.Options.HeartbeatInterval,
                () =>
                {
                    var current = Current();
                    var missing = targets.Where(t => !current.Any(d => d.Namespace() == t.Namespace && d.Name() == t.Name)).ToList();
                    if (missing.Count > 0)
                    {
                        throw new DrException($"Deployment(s) {string.Join(", ", missing.Select(m => $"{m.Namespace}/{m.Name}"))} disappeared during the restart");
                    }

                    return current.All(d => RolledOut(d, restartedAt))
                        ? new ConsumerRestartResult(current.Select(d => new ConsumerRollout(d.Namespace(), d.Name(), d.Metadata.Generation ?? 0, d.Spec?.Replicas ?? 1)).OrderBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList())
                        : null;
                },
                async () =>
                {
                    var fresh = new List<V1Deployment>();
                    foreach (var ns in targets.Select(t => t.Namespace).Distinct(StringComparer.Ordinal))
                    {
                        var list = await api.Calls.RunAsync("list", $"deployments in {ns}", c => api.Client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: labelSelector, cancellationToken: c), ct).ConfigureAwait(false);
                        fresh.AddRange(list.Items.Where(d => targets.Contains((ns, d.Name())) && !RolledOut(d, restartedAt)));
                    }

                    return new DrException($"rollout not complete within {Waits.Format(deadline.Budget)}: {string.Join("; ", fresh.Select(Describe))}");
                },
                ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var s in sets)
            {
                await s.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>What <c>kubectl rollout status</c> checks: the controller saw our generation and every replica is new and available.</summary>
    public static bool RolledOut(V1Deployment d, string restartedAt)
    {
        var wanted = d.Spec?.Replicas ?? 1;
        var s = d.Status;
        return d.Spec?.Template?.Metadata?.Annotations?.TryGetValue(KubeNames.RestartedAtAnnotation, out var at) == true && at == restartedAt &&
            s is not null && (s.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0) &&
            (s.UpdatedReplicas ?? 0) >= wanted && (s.AvailableReplicas ?? 0) >= wanted && (s.Replicas ?? 0) <= wanted;
    }

    private static string Describe(V1Deployment d) =>
        $"{d.Namespace()}/{d.Name()} generation {d.Metadata.Generation} observed {d.Status?.ObservedGeneration}, updated {d.Status?.UpdatedReplicas ?? 0}/{d.Spec?.Replicas ?? 1}, available {d.Status?.AvailableReplicas ?? 0}, total {d.Status?.Replicas ?? 0}";

    private async Task RestartAsync(V1Deployment d, string restartedAt, CancellationToken ct)
    {
        if (d.Spec?.Template?.Metadata?.Annotations?.TryGetValue(KubeNames.RestartedAtAnnotation, out var at) == true && at == restartedAt)
        {
            return; // restarted by an earlier attempt
        }

        var patch = new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [KubeNames.RestartedAtAnnotation] = restartedAt } } } },
        }.ToJsonString();
        logger.LogInformation("restarting Deployment {Namespace}/{Deployment}", d.Namespace(), d.Name());
        await api.Calls.RunAsync("patch", $"deployment {d.Namespace()}/{d.Name()}",
            c => api.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), d.Name(), d.Namespace(), cancellationToken: c), ct).ConfigureAwait(false);
    }
}
