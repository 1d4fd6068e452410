using CnpgDrTemporal.Activities.GitOps;
using System.Text;

namespace CnpgDrTemporal.Activities.Text;

/// <summary>
/// Replacements of character ranges in one file, applied together so that offsets taken from
/// the original parse stay valid. Everything outside the ranges is kept byte for byte.
/// </summary>
public sealed class TextSplice(string text, string file)
{
    private readonly List<(int Start, int End, string With)> cuts = [];

    public string Original { get; } = text;

    public string File { get; } = file;

    public bool IsEmpty => cuts.Count == 0;

    public TextSplice Replace(int start, int end, string with)
    {
        if (start < 0 || end < start || end > Original.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"{File}: range {start}..{end} outside the file");
        }

        if (cuts.Any(c => start < c.End && c.Start < end || (start == end && c.Start == start && c.End == start)))
        {
            throw GitOpsException.BadInput($"{File}: two edits overlap at offset {start}; edit this file by hand");
        }

        if (start != end || with.Length > 0)
        {
            cuts.Add((start, end, with));
        }

        return this;
    }

    public TextSplice Insert(int at, string with) => Replace(at, at, with);

    /// <summary>Removes whole lines [<paramref name="from"/>, <paramref name="to"/>] (offsets anywhere in them) but keeps comment-only lines.</summary>
    public TextSplice RemoveLinesKeepingComments(int from, int to)
    {
        var line = TextLines.LineStart(Original, from);
        var last = TextLines.LineStart(Original, to);
        while (line <= last)
        {
            var next = TextLines.NextLineStart(Original, line);
            if (!TextLines.IsCommentLine(Original, line))
            {
                Replace(line, next, string.Empty);
            }

            if (next >= Original.Length)
            {
                break;
            }

            line = next;
        }

        return this;
    }

    public string Apply()
    {
        var result = new StringBuilder(Original.Length + 64);
        var at = 0;
        foreach (var (start, end, with) in cuts.OrderBy(c => c.Start).ThenBy(c => c.End))
        {
            result.Append(Original, at, start - at).Append(with);
            at = end;
        }

        return result.Append(Original, at, Original.Length - at).ToString();
    }
}

/// <summary>Line arithmetic on raw text; a line ends at <c>\n</c> and keeps any <c>\r</c> before it.</summary>
public static class TextLines
{
    public static int LineStart(string text, int offset)
    {
        var nl = offset == 0 ? -1 : text.LastIndexOf('\n', Math.Min(offset, text.Length) - 1);
        return nl + 1;
    }

    /// <summary>Offset of the line terminator (or end of text) of the line holding <paramref name="offset"/>.</summary>
    public static int LineEnd(string text, int offset)
    {
        var nl = text.IndexOf('\n', offset);
        var end = nl < 0 ? text.Length : nl;
        return end > 0 && end > offset && text[end - 1] == '\r' ? end - 1 : end;
    }

    public static int NextLineStart(string text, int offset)
    {
        var nl = text.IndexOf('\n', offset);
        return nl < 0 ? text.Length : nl + 1;
    }

    /// <summary>The line terminator this file uses (<c>\r\n</c> if its first line has one).</summary>
    public static string NewLine(string text)
    {
        var nl = text.IndexOf('\n', StringComparison.Ordinal);
        return nl > 0 && text[nl - 1] == '\r' ? "\r\n" : "\n";
    }

    public static string LineText(string text, int offset) =>
        text[LineStart(text, offset)..LineEnd(text, offset)];

    public static bool IsCommentLine(string text, int offset) =>
        LineText(text, offset).TrimStart().StartsWith('#');

    /// <summary>Column (0-based) of <paramref name="offset"/> in its line.</summary>
    public static int Column(string text, int offset) => offset - LineStart(text, offset);

    /// <summary>True when only blanks precede <paramref name="offset"/> on its line.</summary>
    public static bool StartsLine(string text, int offset) =>
        string.IsNullOrWhiteSpace(text[LineStart(text, offset)..offset]);

    /// <summary>True when only blanks or a comment follow <paramref name="offset"/> on its line.</summary>
    public static bool EndsLine(string text, int offset)
    {
        var rest = text[offset..LineEnd(text, offset)].TrimStart();
        return rest.Length == 0 || rest.StartsWith('#');
    }
}
