using System.Text;
using YamlDotNet.RepresentationModel;

namespace CnpgDrTemporal.Activities.GitOps.Migration;

/// <summary>
/// The semantic difference of two renders (what Argo CD would apply before and after): objects added or
/// removed, and per changed object the leaf values (<c>spec.plugins[0].name</c>) that differ. Formatting
/// and comments do not count; a reviewer sees what the cluster will get.
/// </summary>
public static class RenderedDifference
{
    public static string Describe(string before, string after)
    {
        var old = Objects(before);
        var now = Objects(after);
        var text = new StringBuilder();
        foreach (var key in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var had = old.GetValueOrDefault(key);
            var has = now.GetValueOrDefault(key);
            if (had is null)
            {
                text.Append("+ ").Append(key).Append(" (new)\n");
                Lines(text, "    + ", has!);
            }
            else if (has is null)
            {
                text.Append("- ").Append(key).Append(" (removed)\n");
            }
            else if (!had.SequenceEqual(has))
            {
                text.Append("~ ").Append(key).Append('\n');
                Lines(text, "    - ", had.Where(p => has.GetValueOrDefault(p.Key) != p.Value));
                Lines(text, "    + ", has.Where(p => had.GetValueOrDefault(p.Key) != p.Value));
            }
        }

        return text.Length == 0 ? "(the rendered objects are identical)\n" : text.ToString();
    }

    private static void Lines(StringBuilder text, string prefix, IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (path, value) in values)
        {
            text.Append(prefix).Append(path).Append(": ").Append(value).Append('\n');
        }
    }

    /// <summary>Every object as <c>apiVersion kind namespace/name</c> → its leaves in path order.</summary>
    private static Dictionary<string, SortedDictionary<string, string>> Objects(string rendered)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(rendered));
        var objects = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is not YamlMappingNode root)
            {
                continue;
            }

            var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
            Flatten(root, string.Empty, leaves);
            var ns = leaves.GetValueOrDefault("metadata.namespace");
            var key = $"{leaves.GetValueOrDefault("apiVersion")} {leaves.GetValueOrDefault("kind")} {(ns is null ? string.Empty : ns + "/")}{leaves.GetValueOrDefault("metadata.name")}";
            objects[key] = leaves;
        }

        return objects;
    }

    private static void Flatten(YamlNode node, string path, SortedDictionary<string, string> leaves)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    Flatten(v, path.Length == 0 ? ((YamlScalarNode)k).Value ?? string.Empty : $"{path}.{((YamlScalarNode)k).Value}", leaves);
                }

                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Flatten(list.Children[i], $"{path}[{i}]", leaves);
                }

                break;
            case YamlScalarNode scalar:
                leaves[path] = scalar.Value ?? string.Empty;
                break;
        }
    }
}
