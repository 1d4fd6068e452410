using CnpgDrTemporal.Activities.GitOps;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CnpgDrTemporal.Activities.Text;

/// <summary>
/// A YAML node with the character offsets it occupies in its file, so that an edit can splice
/// the original text instead of re-serializing it (comments, quoting and order survive).
/// </summary>
public abstract class YamlNode(int start, int end)
{
    public int Start { get; } = start;

    public int End { get; } = end;

    /// <summary>Offset just after the last character of content (block collections end at the next token, not here).</summary>
    public abstract int ContentEnd { get; }

    public YamlNode? this[string key] => (this as YamlMap)?.Get(key);

    public string? Text => (this as YamlScalar)?.Value;
}

public sealed class YamlScalar(string value, ScalarStyle style, int start, int end) : YamlNode(start, end)
{
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    public override int ContentEnd => End;
}

public sealed record YamlEntry(YamlScalar Key, YamlNode Value);

public sealed class YamlMap(IReadOnlyList<YamlEntry> entries, bool flow, int start, int end) : YamlNode(start, end)
{
    public IReadOnlyList<YamlEntry> Entries { get; } = entries;

    public bool IsFlow { get; } = flow;

    public override int ContentEnd => IsFlow || Entries.Count == 0 ? End : Entries[^1].Value.ContentEnd;

    public YamlEntry? Entry(string key) => Entries.FirstOrDefault(e => e.Key.Value == key);

    public YamlNode? Get(string key) => Entry(key)?.Value;
}

public sealed class YamlList(IReadOnlyList<YamlNode> items, bool flow, int start, int end) : YamlNode(start, end)
{
    public IReadOnlyList<YamlNode> Items { get; } = items;

    public bool IsFlow { get; } = flow;

    public override int ContentEnd => IsFlow || Items.Count == 0 ? End : Items[^1].ContentEnd;

    /// <summary>The first mapping item whose <paramref name="key"/> is <paramref name="value"/> (e.g. <c>name</c>).</summary>
    public YamlMap? FindBy(string key, string value) =>
        Items.OfType<YamlMap>().FirstOrDefault(m => m.Get(key)?.Text == value);
}

public sealed class YamlAlias(int start, int end) : YamlNode(start, end)
{
    public override int ContentEnd => End;
}

/// <summary>Parses text into <see cref="YamlNode"/> trees, one per document, using YamlDotNet's parser events.</summary>
public static class YamlTree
{
    public static IReadOnlyList<YamlNode> Parse(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var documents = new List<YamlNode>();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                documents.Add(ReadNode(parser));
                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            throw GitOpsException.BadInput($"{file}: YAML error at line {e.Start.Line}: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner reports some malformed input this way, without a position.
            throw GitOpsException.BadInput($"{file}: YAML error at line {Math.Max(1, parser.Current?.Start.Line ?? 1)}: {e.Message}");
        }

        return documents;
    }

    /// <summary>The first document whose <c>kind</c> is <paramref name="kind"/>.</summary>
    public static YamlMap? FindKind(IEnumerable<YamlNode> documents, string kind) =>
        documents.OfType<YamlMap>().FirstOrDefault(d => d.Get("kind")?.Text == kind);

    private static YamlNode ReadNode(IParser parser)
    {
        var current = parser.Current!;
        switch (current)
        {
            case Scalar s:
                parser.MoveNext();
                return new YamlScalar(s.Value, s.Style, Offset(s.Start), Offset(s.End));
            case AnchorAlias a:
                parser.MoveNext();
                return new YamlAlias(Offset(a.Start), Offset(a.End));
            case SequenceStart start:
            {
                parser.MoveNext();
                var items = new List<YamlNode>();
                while (parser.Current is not SequenceEnd)
                {
                    items.Add(ReadNode(parser));
                }

                var end = parser.Current!;
                parser.MoveNext();
                return new YamlList(items, start.Style == SequenceStyle.Flow, Offset(start.Start), Offset(end.End));
            }

            case MappingStart start:
            {
                parser.MoveNext();
                var entries = new List<YamlEntry>();
                while (parser.Current is not MappingEnd)
                {
                    var key = ReadNode(parser);
                    var value = ReadNode(parser);
                    if (key is YamlScalar k)
                    {
                        // An empty value is reported at the next token, maybe lines below: pin it to its key.
                        entries.Add(new YamlEntry(k, value is YamlScalar { Value.Length: 0, Style: ScalarStyle.Plain } ? new YamlScalar(string.Empty, ScalarStyle.Plain, k.End, k.End) : value));
                    }
                }

                var end = parser.Current!;
                parser.MoveNext();
                return new YamlMap(entries, start.Style == MappingStyle.Flow, Offset(start.Start), Offset(end.End));
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static int Offset(Mark mark) => checked((int)mark.Index);
}
