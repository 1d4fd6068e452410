using CnpgDrTemporal.Activities.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Cnpg;

/// <summary>A PVC that did not go away, with what holds it.</summary>
public sealed record StuckPvc(string Name, bool Terminating, string? DeletionTimestamp, IReadOnlyList<string> Finalizers)
{
    public override string ToString() =>
        Terminating ? $"{Name} (Terminating since {DeletionTimestamp}, finalizers: {string.Join(", ", Finalizers)})" : $"{Name} (not being deleted)";
}

/// <summary>Heartbeat details of the PVC wait.</summary>
public sealed record PvcWaitProgress(int Remaining, IReadOnlyList<string> Names, IReadOnlyList<StuckPvc> Stuck);

/// <summary>Empty <see cref="Stuck"/>: every PVC is gone. Stuck PVCs are a question for a human (their finalizers need their own approval), not a failure of the step.</summary>
public sealed record PvcWaitResult(IReadOnlyList<StuckPvc> Stuck, int WaitedSeconds);

/// <summary>
/// Step 5: wait, on a watch, until no PVC of the Cluster is left. Past the stuck threshold each PVC still
/// there is reported with its finalizers; at the deadline the wait fails (non-retryable) naming them.
/// Finalizers are never removed here: that needs its own approval (<see cref="PvcFinalizers"/>).
/// </summary>
public sealed class PvcWait(KubeApi api)
{
    private readonly ILogger logger = api.Logger<PvcWait>();

    public async Task<PvcWaitResult> RunAsync(ClusterRef cluster, CancellationToken ct)
    {
        var options = api.Options;
        var signal = new ChangeSignal();
        await using var pvcs = await api.WatchAsync(api.PvcSource(cluster.Namespace, CnpgNames.ClusterSelector(cluster.Name)), signal, ct).ConfigureAwait(false);
        await using var beats = new Heartbeats<PvcWaitProgress>(new PvcWaitProgress(-1, [], []), options.HeartbeatInterval);
        var deadline = new Deadline(options.PvcDeleteTimeout);
        var reported = new HashSet<string>(StringComparer.Ordinal);

        await Waits.UntilAsync(
            signal,
            deadline,
            options.HeartbeatInterval,
            () =>
            {
                var left = pvcs.Items;
                var stuck = deadline.Elapsed >= options.PvcStuckThreshold ? left.Select(Describe).ToList() : [];
                foreach (var s in stuck.Where(s => reported.Add(s.Name)))
                {
                    logger.LogWarning("PVC {Namespace}/{Pvc} still present after {Threshold}: {State}", cluster.Namespace, s.Name, Waits.Format(options.PvcStuckThreshold), s);
                }

                var progress = new PvcWaitProgress(left.Count, left.Select(p => p.Name()).Order(StringComparer.Ordinal).ToList(), stuck);
                if (progress.Remaining != beats.Latest.Remaining || progress.Stuck.Count != beats.Latest.Stuck.Count)
                {
                    beats.Report(progress);
                }

                return left.Count == 0 ? new PvcWaitResult([], (int)deadline.Elapsed.TotalSeconds) : null;
            },
            async () =>
            {
                // The verdict names finalizers: read them fresh rather than from a possibly lagging watch.
                var stuck = await RemainingAsync(cluster, ct).ConfigureAwait(false);
                return stuck.Count == 0
                    ? new DrException($"the PVCs of Cluster {cluster} went away just at the deadline: run the wait again")
                    : ClusterFailures.NonRetryable(
                        ClusterFailureTypes.PvcsStuckTerminating,
                        $"{stuck.Count} PVC(s) of Cluster {cluster} still present after {Waits.Format(deadline.Budget)}: {string.Join("; ", stuck)}. Removing finalizers needs its own approval.",
                        stuck);
            },
            ct).ConfigureAwait(false);
        return new PvcWaitResult([], (int)deadline.Elapsed.TotalSeconds);
    }

    /// <summary>The PVCs of the Cluster still there, read fresh (a watch may lag), with what holds them.</summary>
    public async Task<IReadOnlyList<StuckPvc>> RemainingAsync(ClusterRef cluster, CancellationToken ct)
    {
        var fresh = await api.Calls.RunAsync("list", $"persistentvolumeclaims in {cluster.Namespace}",
            c => api.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(cluster.Namespace, labelSelector: CnpgNames.ClusterSelector(cluster.Name), cancellationToken: c), ct).ConfigureAwait(false);
        return [.. fresh.Items.Select(Describe).OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    public static StuckPvc Describe(V1PersistentVolumeClaim pvc) =>
        new(pvc.Name(), pvc.Metadata.DeletionTimestamp is not null, pvc.Metadata.DeletionTimestamp?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture), pvc.Metadata.Finalizers?.ToList() ?? []);
}
