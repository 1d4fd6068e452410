using System.Text.Json.Nodes;

namespace CnpgDrTemporal.KubeSim.Controllers;

public enum RefreshBehaviour
{
    /// <summary>Removes the annotation, moves reconciledAt, sees the Cluster OutOfSync (the new git state).</summary>
    Complete,

    /// <summary>Removes the annotation and moves reconciledAt, but its cache is stale: the Cluster stays Synced.</summary>
    Stale,

    /// <summary>The controller is down: the annotation stays.</summary>
    Never,
}

public enum SyncBehaviour
{
    Succeed,
    Fail,
    Never,
}

/// <summary>An ArgoCD application controller reduced to hard refreshes and sync operations.</summary>
public sealed class ArgoController(KubeSimServer sim) : SimController(sim, ResourceType.Applications)
{
    private readonly DateTimeOffset origin = DateTimeOffset.UtcNow;
    private int tick;

    public RefreshBehaviour Refresh { get; set; } = RefreshBehaviour.Complete;

    public SyncBehaviour Sync { get; set; } = SyncBehaviour.Succeed;

    /// <summary>Reported as <c>syncResult.revision</c> instead of the requested one (a sync that ran another commit).</summary>
    public string? ResultRevision { get; set; }

    public string FailMessage { get; set; } = "one or more objects failed to apply, reason: admission webhook \"vcluster.cnpg.io\" denied the request";

    /// <summary>Called after a successful sync with (application, revision): a test applies "git" here, e.g. creates the Cluster.</summary>
    public Action<string, string>? OnSynced { get; set; }

    /// <summary>The head of the tracked branch as Argo's repo server resolves it: after a refresh it is <c>status.sync.revision</c>.</summary>
    public string? GitRevision { get; set; }

    public int Refreshes { get; private set; }

    public int Syncs { get; private set; }

    protected override Task ReactAsync(StoreEvent e)
    {
        if (e.Type == "DELETED")
        {
            return Task.CompletedTask;
        }

        var key = KeyOf(e);
        if (e.Object["metadata"]?["annotations"]?["argocd.argoproj.io/refresh"] is not null && Refresh != RefreshBehaviour.Never)
        {
            Store.Update(key, app =>
            {
                (app["metadata"]!["annotations"] as JsonObject)!.Remove("argocd.argoproj.io/refresh");
                var status = Ensure(app, "status");
                status["reconciledAt"] = NextTime();
                if (Refresh == RefreshBehaviour.Complete && GitRevision is { } head)
                {
                    Ensure(status, "sync")["revision"] = head;
                }

                if (Refresh == RefreshBehaviour.Complete)
                {
                    foreach (var r in (status["resources"] as JsonArray ?? []).OfType<JsonObject>().Where(r => r["kind"]?.GetValue<string>() == "Cluster"))
                    {
                        r["status"] = "OutOfSync";
                    }
                }

                return app;
            });
            Refreshes++;
        }

        if (e.Object["operation"] is JsonObject operation && Sync != SyncBehaviour.Never)
        {
            var revision = operation["sync"]?["revision"]?.GetValue<string>() ?? "HEAD";
            var started = NextTime();
            Store.Update(key, app =>
            {
                app.Remove("operation");
                Ensure(app, "status")["operationState"] = new JsonObject { ["operation"] = operation.DeepClone(), ["phase"] = "Running", ["startedAt"] = started, ["message"] = "syncing" };
                return app;
            });
            var ok = Sync == SyncBehaviour.Succeed;
            var synced = ResultRevision ?? revision;
            Store.Update(key, app =>
            {
                var state = (JsonObject)app["status"]!["operationState"]!;
                state["phase"] = ok ? "Succeeded" : "Failed";
                state["message"] = ok ? "successfully synced (all tasks run)" : FailMessage;
                state["finishedAt"] = NextTime();
                state["syncResult"] = new JsonObject { ["revision"] = synced };
                if (ok)
                {
                    Ensure(Ensure(app, "status"), "sync")["revision"] = synced;
                }

                return app;
            });
            Syncs++;
            if (ok)
            {
                OnSynced?.Invoke(key.Name, synced);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Distinct, increasing RFC 3339 times, like a controller's clock seen at 1 s resolution.</summary>
    private string NextTime() => SimClock.Format(origin.AddSeconds(Interlocked.Increment(ref tick)));
}
