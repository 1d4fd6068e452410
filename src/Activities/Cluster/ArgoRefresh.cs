using System.Text.Json.Nodes;

namespace CnpgDrTemporal.Activities.Cluster;

/// <summary>
/// Step 2: hard refresh, then proof that Argo's cache holds the new git state: the annotation is gone,
/// <c>status.reconciledAt</c> moved, and the Cluster resource is <c>OutOfSync</c>.
/// </summary>
public sealed class ArgoRefresh(KubeApi api)
{
    public async Task<HardRefreshResult> RunAsync(HardRefreshRequest request, CancellationToken ct)
    {
        var (ns, name) = (request.Application.Namespace, request.Application.Name);
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
                var done = seen.Str("metadata", "annotations", Argo.RefreshAnnotation) is null &&
                    seen.Str("status", "reconciledAt") is { } at && at != previous;
                return done ? seen : null;
            },
            async () =>
            {
                var now = await api.GetAsync(Crd.Application, ns, name, ct).ConfigureAwait(false) ?? seen;
                return new DrException(now.Str("metadata", "annotations", Argo.RefreshAnnotation) is { } still
                    ? $"hard refresh of {what} did not complete within {Waits.Format(deadline.Budget)}: annotation {Argo.RefreshAnnotation}={still} is still set (is the application controller running?)"
                    : $"hard refresh of {what} did not complete within {Waits.Format(deadline.Budget)}: status.reconciledAt is still {now.Str("status", "reconciledAt") ?? "unset"}");
            },
            ct).ConfigureAwait(false);

        var reconciledAt = refreshed.Str("status", "reconciledAt")!;
        var resource = ArgoGuards.ClusterResource(refreshed, request.ClusterName);
        var status = resource?.Str("status");
        if (status != Argo.OutOfSync)
        {
            throw ClusterFailures.Retryable(
                ClusterFailureTypes.ClusterNotOutOfSync,
                $"after the hard refresh ({reconciledAt}) {what} reports Cluster {request.ClusterName} as {status ?? "not among its resources"}, not {Argo.OutOfSync}: Argo does not see the pushed recovery state (stale cache, wrong revision, or nothing changed)",
                status);
        }

        return new HardRefreshResult(previous, reconciledAt, status);
    }

    private static JsonObject RefreshPatch() => new()
    {
        ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [Argo.RefreshAnnotation] = Argo.HardRefresh } },
    };
}
