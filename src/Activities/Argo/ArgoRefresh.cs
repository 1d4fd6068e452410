using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Text.Json.Nodes;

namespace CnpgDrTemporal.Activities.Argo;

/// <summary>The refresh is proven: Argo re-read git (<see cref="Revision"/> is the commit it now sees) and finds the live Cluster differing from it.</summary>
public sealed record HardRefreshResult(string? PreviousReconciledAt, DateTimeOffset ReconciledAt, string? Revision, string ClusterSyncStatus)
{
    public bool ClusterOutOfSync => ClusterSyncStatus == ArgoNames.OutOfSync;
}

/// <summary>
/// Step 2: hard refresh, then proof that Argo's cache holds the new git state: the annotation is gone,
/// <c>status.reconciledAt</c> moved, and the Cluster resource is <c>OutOfSync</c>.
/// </summary>
public sealed class ArgoRefresh(KubeApi api)
{
    public async Task<HardRefreshResult> RunAsync(AppRef application, string clusterName, CancellationToken ct)
    {
        var (ns, name) = (application.Namespace, application.Name);
        var what = Crd.Application.Describe(ns, name);
        var before = await api.GetRequiredAsync(Crd.Application, ns, name, ct).ConfigureAwait(false);
        var previous = before.Str("status", "reconciledAt");

        var signal = new ChangeSignal();
        await using var app = await api.WatchAsync(api.CrdSource(Crd.Application, ns, name), signal, ct).ConfigureAwait(false);
        await api.MergePatchAsync(Crd.Application, ns, name, RefreshPatch(), ct).ConfigureAwait(false);
        await using var beats = new Heartbeats<string>($"waiting for the hard refresh of {what}", api.Options.HeartbeatInterval);

        JsonObject? seen = null;
        var deadline = new Deadline(api.Options.RefreshTimeout);
        var refreshed = await Waits.UntilAsync(
            signal,
            deadline,
            api.Options.HeartbeatInterval,
            () =>
            {
                seen = app.Items.FirstOrDefault() ?? throw new DrException($"{what} disappeared during the hard refresh");
                var done = seen.Str("metadata", "annotations", ArgoNames.RefreshAnnotation) is null &&
                    seen.Str("status", "reconciledAt") is { } at && at != previous;
                return done ? seen : null;
            },
            async () =>
            {
                var now = await api.GetAsync(Crd.Application, ns, name, ct).ConfigureAwait(false) ?? seen;
                return new DrException(now.Str("metadata", "annotations", ArgoNames.RefreshAnnotation) is { } still
                    ? $"hard refresh of {what} did not complete within {Waits.Format(deadline.Budget)}: annotation {ArgoNames.RefreshAnnotation}={still} is still set (is the application controller running?)"
                    : $"hard refresh of {what} did not complete within {Waits.Format(deadline.Budget)}: status.reconciledAt is still {now.Str("status", "reconciledAt") ?? "unset"}");
            },
            ct).ConfigureAwait(false);

        var reconciledAt = refreshed.Str("status", "reconciledAt")!;
        var resource = ArgoGuards.ClusterResource(refreshed, clusterName);
        var status = resource?.Str("status");
        if (status != ArgoNames.OutOfSync)
        {
            throw ClusterFailures.Retryable(
                ClusterFailureTypes.ClusterNotOutOfSync,
                $"after the hard refresh ({reconciledAt}) {what} reports Cluster {clusterName} as {status ?? "not among its resources"}, not {ArgoNames.OutOfSync}: Argo does not see the pushed recovery state (stale cache, wrong revision, or nothing changed)",
                status);
        }

        return new HardRefreshResult(previous, DateTimeOffset.Parse(reconciledAt, System.Globalization.CultureInfo.InvariantCulture), refreshed.Str("status", "sync", "revision"), status);
    }

    private static JsonObject RefreshPatch() => new()
    {
        ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [ArgoNames.RefreshAnnotation] = ArgoNames.HardRefresh } },
    };
}
