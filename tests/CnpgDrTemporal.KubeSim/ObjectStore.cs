using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace CnpgDrTemporal.KubeSim;

/// <summary>A change as watches see it.</summary>
public sealed record StoreEvent(string Type, ResourceType Resource, string Namespace, JsonObject Object, long ResourceVersion);

/// <summary>
/// The simulator's etcd: objects per resource/namespace/name with a global resourceVersion,
/// <c>metadata.generation</c> bumped on spec changes, finalizer-aware deletion, and an event history
/// that watches replay from any resourceVersion. Every read hands out a deep copy.
/// </summary>
public sealed class ObjectStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, JsonObject> objects = [];
    private readonly List<StoreEvent> history = [];
    private readonly List<(ResourceType Type, string? Namespace, Channel<StoreEvent> Channel)> subscribers = [];
    private long version;
    private long uid;

    public long ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    public JsonObject? Get(ObjectKey key)
    {
        lock (gate)
        {
            return objects.TryGetValue(key, out var o) ? Copy(o) : null;
        }
    }

    public (List<JsonObject> Items, long Version) List(ResourceType type, string? ns, Func<JsonObject, bool>? filter = null)
    {
        lock (gate)
        {
            var items = objects
                .Where(kv => kv.Key.Type == type && (ns is null || kv.Key.Namespace == ns) && (filter is null || filter(kv.Value)))
                .OrderBy(kv => kv.Key.Namespace, StringComparer.Ordinal).ThenBy(kv => kv.Key.Name, StringComparer.Ordinal)
                .Select(kv => Copy(kv.Value))
                .ToList();
            return (items, version);
        }
    }

    public JsonObject Create(ResourceType type, string ns, JsonObject body)
    {
        var obj = Copy(body);
        var meta = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = meta;
        lock (gate)
        {
            var name = meta["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name) && meta["generateName"]?.GetValue<string>() is { } prefix)
            {
                name = prefix + (++uid).ToString("x5", CultureInfo.InvariantCulture);
            }

            if (string.IsNullOrEmpty(name))
            {
                throw new SimApiException(422, "Invalid", "metadata.name: Required value");
            }

            var key = new ObjectKey(type, ns, name);
            if (objects.ContainsKey(key))
            {
                throw new SimApiException(409, "AlreadyExists", $"{type} \"{name}\" already exists");
            }

            obj["apiVersion"] = type.ApiVersion;
            obj["kind"] = type.Kind;
            meta["name"] = name;
            meta["namespace"] = ns;
            meta["uid"] = $"uid-{++uid}";
            meta["creationTimestamp"] ??= SimClock.Format(DateTimeOffset.UtcNow);
            meta["generation"] = 1L;
            meta.Remove("deletionTimestamp");
            return Commit(key, null, obj);
        }
    }

    /// <summary>Read-modify-write under the store lock: PUT, PATCH and the scripted controllers all go through here.</summary>
    public JsonObject Update(ObjectKey key, Func<JsonObject, JsonObject> change)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(key, out var old))
            {
                throw SimApiException.NotFound(key);
            }

            var next = change(Copy(old));
            var sentVersion = next["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (sentVersion is not null && sentVersion != old["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw new SimApiException(409, "Conflict", $"Operation cannot be fulfilled on {key.Type} \"{key.Name}\": the object has been modified");
            }

            // What the client may not change.
            var meta = next["metadata"] as JsonObject ?? new JsonObject();
            next["metadata"] = meta;
            foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "generation" })
            {
                meta[field] = old["metadata"]![field]?.DeepClone();
            }

            if (old["metadata"]!["deletionTimestamp"] is { } deleting)
            {
                meta["deletionTimestamp"] = deleting.DeepClone();
            }

            next["apiVersion"] = key.Type.ApiVersion;
            next["kind"] = key.Type.Kind;
            if (!JsonNode.DeepEquals(old["spec"], next["spec"]))
            {
                meta["generation"] = long.Parse(old["metadata"]!["generation"]!.ToJsonString(), CultureInfo.InvariantCulture) + 1;
            }

            return Commit(key, old, next);
        }
    }

    /// <summary>DELETE: with finalizers the object only gets a deletionTimestamp; it goes when they are removed.</summary>
    public JsonObject Delete(ObjectKey key)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(key, out var old))
            {
                throw SimApiException.NotFound(key);
            }

            var next = Copy(old);
            var meta = (JsonObject)next["metadata"]!;
            meta["deletionTimestamp"] ??= SimClock.Format(DateTimeOffset.UtcNow);
            return Commit(key, old, next);
        }
    }

    /// <summary>Events for one resource (all namespaces when <paramref name="ns"/> is null): replayed from
    /// <paramref name="sinceVersion"/>, or synthetic ADDED for what exists now, then live.</summary>
    public (List<StoreEvent> Initial, ChannelReader<StoreEvent> Live, Action Unsubscribe) Subscribe(ResourceType type, string? ns, long? sinceVersion)
    {
        lock (gate)
        {
            var initial = sinceVersion is { } since
                ? history.Where(e => e.Resource == type && (ns is null || e.Namespace == ns) && e.ResourceVersion > since).ToList()
                : objects.Where(kv => kv.Key.Type == type && (ns is null || kv.Key.Namespace == ns))
                    .Select(kv => new StoreEvent("ADDED", type, kv.Key.Namespace, Copy(kv.Value), long.Parse(kv.Value["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture)))
                    .OrderBy(e => e.ResourceVersion)
                    .ToList();
            var channel = Channel.CreateUnbounded<StoreEvent>();
            var entry = (type, ns, channel);
            subscribers.Add(entry);
            return (initial, channel.Reader, () =>
            {
                lock (gate)
                {
                    subscribers.Remove(entry);
                }

                channel.Writer.TryComplete();
            });
        }
    }

    private JsonObject Commit(ObjectKey key, JsonObject? old, JsonObject next)
    {
        var meta = (JsonObject)next["metadata"]!;
        meta["resourceVersion"] = (++version).ToString(CultureInfo.InvariantCulture);
        var finalizers = meta["finalizers"] as JsonArray;
        string type;
        if (meta["deletionTimestamp"] is not null && (finalizers is null || finalizers.Count == 0))
        {
            objects.Remove(key);
            type = "DELETED";
        }
        else
        {
            objects[key] = next;
            type = old is null ? "ADDED" : "MODIFIED";
        }

        var evt = new StoreEvent(type, key.Type, key.Namespace, Copy(next), version);
        history.Add(evt);
        foreach (var s in subscribers.Where(s => s.Type == key.Type && (s.Namespace is null || s.Namespace == key.Namespace)))
        {
            s.Channel.Writer.TryWrite(evt with { Object = Copy(next) });
        }

        return Copy(next);
    }

    private static JsonObject Copy(JsonObject o) => (JsonObject)o.DeepClone();
}

/// <summary>RFC 3339 seconds, like ArgoCD and the API server write times.</summary>
public static class SimClock
{
    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
