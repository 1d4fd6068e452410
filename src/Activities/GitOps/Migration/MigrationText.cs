using CnpgDrTemporal.Activities.Text;
using System.Text;

namespace CnpgDrTemporal.Activities.GitOps.Migration;

/// <summary>Line-level text of YAML entries: the lines an entry occupies, with the comments written above it, moved to another indent.</summary>
public static class MigrationText
{
    /// <summary>[start, end) of whole lines: the comment lines directly above the key, the key line, its value's lines.</summary>
    public static (int Start, int End) EntryLines(string text, YamlEntry entry)
    {
        var start = TextLines.LineStart(text, entry.Key.Start);
        while (start > 0)
        {
            var previous = TextLines.LineStart(text, start - 1);
            if (!TextLines.IsCommentLine(text, previous))
            {
                break;
            }

            start = previous;
        }

        return (start, TextLines.NextLineStart(text, Math.Max(entry.Value.ContentEnd, entry.Key.End)));
    }

    /// <summary>The entry's lines (with its comments) shifted from the key's column to <paramref name="column"/>.</summary>
    public static string Moved(string text, YamlEntry entry, int column, string newLine)
    {
        var (start, end) = EntryLines(text, entry);
        return Reindent(text[start..end], TextLines.Column(text, entry.Key.Start), column, newLine);
    }

    /// <summary>Whole lines shifted from column <paramref name="from"/> to <paramref name="to"/>; every line ends with <paramref name="newLine"/>.</summary>
    public static string Reindent(string block, int from, int to, string newLine)
    {
        var result = new StringBuilder();
        var lines = block.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (i == lines.Length - 1 && line.Length == 0)
            {
                break;
            }

            var leading = line.Length - line.TrimStart(' ').Length;
            if (line.Trim().Length > 0)
            {
                result.Append(' ', Math.Max(0, to + leading - from)).Append(line.TrimStart(' '));
            }

            result.Append(newLine);
        }

        return result.ToString();
    }

    /// <summary>Appends <c>- <paramref name="item"/></c> after the last item of a block list, written like that item.</summary>
    public static void AppendListItem(TextSplice splice, YamlList list, string item, string file)
    {
        if (list.IsFlow || list.Items.Count == 0)
        {
            throw GitOpsException.BadInput($"{file}: resources is not a block list with items; add {item} by hand");
        }

        var text = splice.Original;
        var last = list.Items[^1];
        var lineStart = TextLines.LineStart(text, last.Start);
        var prefix = text[lineStart..last.Start];
        var at = TextLines.NextLineStart(text, last.ContentEnd);
        var newLine = TextLines.NewLine(text);
        splice.Insert(at, (at == text.Length && !text.EndsWith('\n') ? newLine : string.Empty) + prefix + item + newLine);
    }

    /// <summary>The resources list of a kustomization, or a clear refusal.</summary>
    public static YamlList Resources(string text, string file) =>
        (YamlTree.Parse(text, file).FirstOrDefault() as YamlMap)?["resources"] as YamlList
            ?? throw GitOpsException.BadInput($"{file} has no resources list");

    public static bool Lists(YamlList list, string item) => list.Items.Any(i => i.Text == item);
}
