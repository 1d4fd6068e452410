using System.Text.Json.Nodes;

namespace CnpgDrTemporal.KubeSim;

/// <summary>RFC 7386 merge patch and RFC 6902 JSON patch. Strategic merge is served as a merge patch:
/// enough for the maps (annotations, labels) the activities patch.</summary>
public static class JsonPatching
{
    public static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject p && target[key] is JsonObject t)
            {
                Merge(t, p);
            }
            else
            {
                target[key] = value is JsonObject o ? Merge(new JsonObject(), o) : value.DeepClone();
            }
        }

        return target;
    }

    public static JsonObject Apply(JsonObject target, JsonArray operations)
    {
        foreach (var op in operations.OfType<JsonObject>())
        {
            var path = op["path"]?.GetValue<string>() ?? throw Bad("op without path");
            switch (op["op"]?.GetValue<string>())
            {
                case "add":
                    Set(target, path, op["value"]?.DeepClone(), insert: true);
                    break;
                case "replace":
                    _ = Get(target, path) ?? throw Bad($"replace: no value at {path}");
                    Set(target, path, op["value"]?.DeepClone(), insert: false);
                    break;
                case "remove":
                    Remove(target, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(target, path), op["value"]))
                    {
                        throw new SimApiException(422, "Invalid", $"the server rejected our request due to an error in our request: test failed at {path}");
                    }

                    break;
                default:
                    throw Bad($"unsupported op {op["op"]}");
            }
        }

        return target;
    }

    private static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static void Set(JsonObject root, string path, JsonNode? value, bool insert)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i <= a.Count:
                if (insert)
                {
                    a.Insert(i, value);
                }
                else
                {
                    a[i] = value;
                }

                break;
            default:
                throw Bad($"no parent for {path}");
        }
    }

    private static void Remove(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when int.TryParse(last, out var i) && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw new SimApiException(422, "Invalid", $"remove: no value at {path}");
        }
    }

    private static bool RemoveAt(JsonArray a, int i)
    {
        a.RemoveAt(i);
        return true;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonObject root, string path)
    {
        var tokens = Tokens(path).ToList();
        var parentPath = string.Concat(tokens.SkipLast(1).Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        return (Get(root, parentPath), tokens[^1]);
    }

    private static IEnumerable<string> Tokens(string path) =>
        path.Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    private static SimApiException Bad(string message) => new(400, "BadRequest", message);
}
