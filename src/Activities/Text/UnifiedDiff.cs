using System.Globalization;
using System.Text;

namespace CnpgDrTemporal.Activities.Text;

/// <summary>
/// A deterministic unified diff (3 lines of context, no timestamps) of one file, so that the
/// same change always yields the same text and therefore the same plan hash.
/// </summary>
public static class UnifiedDiff
{
    public const int Context = 3;

    /// <summary>Middle sections larger than this (old × new lines) are shown as one replacement.</summary>
    private const long MaxLcsCells = 16_000_000;

    private enum Op
    {
        Equal,
        Delete,
        Insert,
    }

    public static string Build(string path, string before, string after)
    {
        if (before == after)
        {
            return string.Empty;
        }

        var a = SplitLines(before);
        var b = SplitLines(after);
        var ops = Script(a, b);
        var result = new StringBuilder();
        result.Append("--- a/").Append(path).Append('\n');
        result.Append("+++ b/").Append(path).Append('\n');
        foreach (var (from, to) in Hunks(ops))
        {
            AppendHunk(result, ops, from, to, a, b);
        }

        return result.ToString();
    }

    /// <summary>Lines with their terminators, so a missing final newline is a difference too.</summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var nl = text.IndexOf('\n', start);
            var end = nl < 0 ? text.Length : nl + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    private static List<(Op Op, int A, int B)> Script(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var ops = new List<(Op, int, int)>();
        for (var i = 0; i < prefix; i++)
        {
            ops.Add((Op.Equal, i, i));
        }

        Middle(ops, a, b, prefix, a.Count - suffix, prefix, b.Count - suffix);
        for (var i = suffix; i > 0; i--)
        {
            ops.Add((Op.Equal, a.Count - i, b.Count - i));
        }

        return ops;
    }

    /// <summary>LCS over the changed middle; deletions come before insertions in each run.</summary>
    private static void Middle(List<(Op, int, int)> ops, List<string> a, List<string> b, int a0, int a1, int b0, int b1)
    {
        int n = a1 - a0, m = b1 - b0;
        if ((long)n * m > MaxLcsCells)
        {
            ops.AddRange(Enumerable.Range(a0, n).Select(i => (Op.Delete, i, -1)));
            ops.AddRange(Enumerable.Range(b0, m).Select(j => (Op.Insert, -1, j)));
            return;
        }

        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[a0 + i] == b[b0 + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[a0 + x] == b[b0 + y])
            {
                ops.Add((Op.Equal, a0 + x++, b0 + y++));
            }
            else if (y >= m || (x < n && lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add((Op.Delete, a0 + x++, -1));
            }
            else
            {
                ops.Add((Op.Insert, -1, b0 + y++));
            }
        }
    }

    /// <summary>Ranges of the edit script to print: each change with its context, overlapping ones merged.</summary>
    private static List<(int From, int To)> Hunks(List<(Op Op, int A, int B)> ops)
    {
        var hunks = new List<(int From, int To)>();
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Op == Op.Equal)
            {
                continue;
            }

            var from = Math.Max(0, i - Context);
            var to = Math.Min(ops.Count, i + Context + 1);
            if (hunks.Count > 0 && from <= hunks[^1].To)
            {
                hunks[^1] = (hunks[^1].From, Math.Max(hunks[^1].To, to));
            }
            else
            {
                hunks.Add((from, to));
            }
        }

        return hunks;
    }

    private static void AppendHunk(StringBuilder result, List<(Op Op, int A, int B)> ops, int from, int to, List<string> a, List<string> b)
    {
        var slice = ops.GetRange(from, to - from);
        var oldCount = slice.Count(o => o.Op != Op.Insert);
        var newCount = slice.Count(o => o.Op != Op.Delete);
        var oldStart = StartLine(ops, from, to, o => o.A);
        var newStart = StartLine(ops, from, to, o => o.B);
        result.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        foreach (var (op, ai, bi) in slice)
        {
            var (mark, line) = op switch
            {
                Op.Equal => (' ', a[ai]),
                Op.Delete => ('-', a[ai]),
                _ => ('+', b[bi]),
            };
            result.Append(mark).Append(line.TrimEnd('\n'));
            result.Append(line.EndsWith('\n') ? "\n" : "\n\\ No newline at end of file\n");
        }
    }

    /// <summary>1-based first line of the hunk on one side; for an empty side, the line before it.</summary>
    private static int StartLine(List<(Op Op, int A, int B)> ops, int from, int to, Func<(Op Op, int A, int B), int> side)
    {
        for (var i = from; i < to; i++)
        {
            if (side(ops[i]) >= 0)
            {
                return side(ops[i]) + 1;
            }
        }

        // Empty on this side: count the lines of this side before the hunk.
        return ops.Take(from).Count(o => side(o) >= 0);
    }

    private static string Range(int start, int count) =>
        count == 1 ? start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{start},{count}");
}
