using System.Text.Json.Nodes;

namespace CnpgDrTemporal.KubeSim;

/// <summary>
/// Label selectors as the API server parses them: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>,
/// <c>a notin (x)</c>, <c>a</c> (exists), <c>!a</c> (absent), comma-separated (AND). Field selectors:
/// <c>metadata.name</c> and <c>metadata.namespace</c> with <c>=</c>, <c>==</c>, <c>!=</c>.
/// </summary>
public static class Selectors
{
    public static Func<JsonObject, bool> Parse(string? labelSelector, string? fieldSelector)
    {
        var labels = SplitTopLevel(labelSelector).Select(ParseLabelTerm).ToList();
        var fields = SplitTopLevel(fieldSelector).Select(ParseFieldTerm).ToList();
        return o => labels.All(t => t(Labels(o))) && fields.All(t => t(o));
    }

    private static Dictionary<string, string> Labels(JsonObject o) =>
        (o["metadata"]?["labels"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    private static Func<Dictionary<string, string>, bool> ParseLabelTerm(string term)
    {
        term = term.Trim();
        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return l => !l.ContainsKey(key);
        }

        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var values = term[(at + op.Length)..].Trim().TrimStart('(').TrimEnd(')').Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                return negate
                    ? l => !l.TryGetValue(key, out var v) || !values.Contains(v)
                    : l => l.TryGetValue(key, out var v) && values.Contains(v);
            }
        }

        if (Split(term, "!=") is { } ne)
        {
            return l => !l.TryGetValue(ne.Key, out var v) || v != ne.Value;
        }

        if ((Split(term, "==") ?? Split(term, "=")) is { } eq)
        {
            return l => l.TryGetValue(eq.Key, out var v) && v == eq.Value;
        }

        return l => l.ContainsKey(term);
    }

    private static Func<JsonObject, bool> ParseFieldTerm(string term)
    {
        var negate = Split(term, "!=");
        var (key, value) = negate ?? Split(term, "==") ?? Split(term, "=") ?? throw new SimApiException(400, "BadRequest", $"invalid field selector '{term}'");
        var path = key.Split('.');
        if (path is not ["metadata", "name" or "namespace"])
        {
            throw new SimApiException(400, "BadRequest", $"field label not supported: {key}");
        }

        return o => (o["metadata"]?[path[1]]?.GetValue<string>() == value) != (negate is not null);
    }

    private static (string Key, string Value)? Split(string term, string op)
    {
        var at = term.IndexOf(op, StringComparison.Ordinal);
        return at > 0 ? (term[..at].Trim(), term[(at + op.Length)..].Trim()) : null;
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTopLevel(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            depth += selector[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }

        yield return selector[start..];
    }
}
