using System.Text.Json.Nodes;

namespace CnpgDrTemporal.KubeSim.Controllers;

/// <summary>
/// A storage driver (think Longhorn): releases the finalizers of deleted PVCs at once, or holds them
/// until the test calls <see cref="Release"/> (a slow detach), or forever (a stuck volume).
/// </summary>
public sealed class StorageController(KubeSimServer sim) : SimController(sim, ResourceType.Pvcs)
{
    private readonly HashSet<string> released = new(StringComparer.Ordinal);

    public bool HoldFinalizers { get; set; }

    /// <summary>Lets the named PVC (or all, with no names) go: now if it is Terminating, or when it is deleted.</summary>
    public void Release(params string[] names)
    {
        lock (released)
        {
            foreach (var n in names.Length == 0 ? ["*"] : names)
            {
                released.Add(n);
            }
        }

        foreach (var pvc in Store.List(ResourceType.Pvcs, null).Items.Where(p => p["metadata"]?["deletionTimestamp"] is not null))
        {
            ReleaseIfAllowed(pvc);
        }
    }

    protected override Task ReactAsync(StoreEvent e)
    {
        if (e.Type != "DELETED" && e.Object["metadata"]?["deletionTimestamp"] is not null)
        {
            ReleaseIfAllowed(e.Object);
        }

        return Task.CompletedTask;
    }

    private void ReleaseIfAllowed(JsonObject pvc)
    {
        var name = pvc["metadata"]!["name"]!.GetValue<string>();
        bool allowed;
        lock (released)
        {
            allowed = !HoldFinalizers || released.Contains("*") || released.Contains(name);
        }

        if (allowed && pvc["metadata"]?["finalizers"] is JsonArray { Count: > 0 })
        {
            Store.Update(new ObjectKey(ResourceType.Pvcs, pvc["metadata"]!["namespace"]!.GetValue<string>(), name), p =>
            {
                ((JsonObject)p["metadata"]!).Remove("finalizers");
                return p;
            });
        }
    }
}
