using System.Text.Json;
using System.Text.Json.Nodes;

namespace CnpgDrTemporal.Activities.Kubernetes;

/// <summary>Null-tolerant reads of custom resources held as <see cref="JsonObject"/>.</summary>
public static class JsonPaths
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(p, out var next) ? next : null;
        }

        return node;
    }

    public static string? Str(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node.At(path)?.ToJsonString();

    public static bool? Bool(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static long? Long(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<long>() : null;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray a ? a.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray a ? a.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()) : [];

    public static IReadOnlyDictionary<string, string> StringMap(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonObject o
            ? o.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static string Name(this JsonNode? node) => node.Str("metadata", "name") ?? "?";

    public static string? ResourceVersion(this JsonNode? node) => node.Str("metadata", "resourceVersion");

    /// <summary><c>status.conditions[type=X]</c>.</summary>
    public static JsonObject? Condition(this JsonNode? node, string type) =>
        node.Objects("status", "conditions").FirstOrDefault(c => c.Str("type") == type);

    public static bool ConditionIsTrue(this JsonNode? node, string type) => node.Condition(type).Str("status") == "True";

    /// <summary>A condition as one line for messages: <c>Ready=False (reason: message)</c>.</summary>
    public static string DescribeCondition(this JsonNode? node, string type) =>
        node.Condition(type) is { } c
            ? $"{type}={c.Str("status")} ({c.Str("reason") ?? "-"}: {c.Str("message") ?? "-"})"
            : $"{type} not reported";

    public static DateTimeOffset? Time(this JsonNode? node, params string[] path) =>
        DateTimeOffset.TryParse(node.Str(path), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>Converts what KubernetesClient hands back for a custom object (a JsonElement) into a JsonObject.</summary>
    public static JsonObject ToJsonObject(object? value) => value switch
    {
        JsonObject o => o,
        JsonElement e when e.ValueKind == JsonValueKind.Object => JsonObject.Create(e)!,
        null => throw new DrException("the API server returned an empty object"),
        _ => JsonSerializer.SerializeToNode(value) as JsonObject ?? throw new DrException("the API server returned a non-object"),
    };
}
