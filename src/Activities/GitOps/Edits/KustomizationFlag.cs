using CnpgDrTemporal.Activities.Text;
using System.Text.RegularExpressions;

namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// The DR switch in the root kustomization: exactly one of <c>overlays/initdb</c> and
/// <c>overlays/recovery</c> is an active <c>resources</c> entry, the other a commented-out line.
/// Flipping comments one line out and the other in, so both lines keep their own comments.
/// </summary>
public static partial class KustomizationFlag
{
    public static OverlayFlag Read(string text, string file)
    {
        var state = Parse(text, file);
        var inactive = state.Commented.FirstOrDefault(c => c.Mode != state.Active.Mode);
        return new OverlayFlag(
            state.Active.Mode,
            TextLines.LineText(text, state.Active.Node.Start),
            inactive is null ? null : TextLines.LineText(text, inactive.LineStart));
    }

    /// <summary>The text with <paramref name="mode"/>'s overlay active and the other commented out.</summary>
    public static string SetMode(string text, string file, DatabaseMode mode)
    {
        var state = Parse(text, file);
        if (state.Active.Mode == mode)
        {
            return text;
        }

        var wanted = state.Commented.Where(c => c.Mode == mode).ToList();
        if (wanted.Count > 1)
        {
            throw GitOpsException.BadInput($"{file}: {wanted.Count} commented-out {GitOpsNames.OverlayOf(mode)} lines; keep one");
        }

        var splice = new TextSplice(text, file);
        var active = state.Active.Node;
        if (wanted.Count == 0)
        {
            // No commented line to bring back: rename the entry in place.
            var renamed = active.Value.Replace(GitOpsNames.OverlayOf(state.Active.Mode), GitOpsNames.OverlayOf(mode), StringComparison.Ordinal);
            splice.Replace(active.Start, active.End, YamlScalars.Render(renamed, active.Style, file));
            return splice.Apply();
        }

        var lineStart = TextLines.LineStart(text, active.Start);
        var prefix = text[lineStart..active.Start];
        var dash = prefix.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || prefix[..dash].Trim().Length != 0 || prefix[(dash + 1)..].Trim().Length != 0)
        {
            throw GitOpsException.BadInput($"{file}: line '{TextLines.LineText(text, active.Start).Trim()}' is not a '- {active.Value}' line of its own; edit it by hand");
        }

        splice.Insert(lineStart + dash, "# ");
        var back = wanted[0];
        splice.Replace(back.LineStart, back.LineStart + back.CommentLength, back.Indent);
        return splice.Apply();
    }

    private static FlagState Parse(string text, string file)
    {
        var root = YamlTree.Parse(text, file).FirstOrDefault() as YamlMap
            ?? throw GitOpsException.BadInput($"{file} is not a kustomization (no top-level mapping)");
        var resources = root.Entry("resources");
        if (resources?.Value is not YamlList list)
        {
            throw GitOpsException.BadInput($"{file} has no resources list");
        }

        var active = list.Items.OfType<YamlScalar>()
            .Select(s => (Mode: ModeOf(s.Value), Node: s))
            .Where(a => a.Mode is not null)
            .Select(a => new ActiveItem(a.Mode!.Value, a.Node))
            .ToList();
        if (active.Count == 0)
        {
            throw GitOpsException.BadInput($"{file}: neither {GitOpsNames.InitdbOverlay} nor {GitOpsNames.RecoveryOverlay} is active in resources; uncomment exactly one");
        }

        if (active.Count > 1)
        {
            throw GitOpsException.BadInput($"{file}: {string.Join(" and ", active.Select(a => a.Node.Value))} are both active in resources; exactly one may be");
        }

        var next = root.Entries.Select(e => e.Key.Start).Where(s => s > resources.Key.Start).DefaultIfEmpty(text.Length).Min();
        return new FlagState(active[0], CommentedLines(text, TextLines.NextLineStart(text, resources.Key.Start), next));
    }

    private static List<CommentedLine> CommentedLines(string text, int from, int to)
    {
        var lines = new List<CommentedLine>();
        for (var line = from; line < to && line < text.Length; line = TextLines.NextLineStart(text, line))
        {
            var m = CommentedEntry().Match(TextLines.LineText(text, line));
            if (m.Success)
            {
                var mode = m.Groups["mode"].Value == "recovery" ? DatabaseMode.Recovery : DatabaseMode.Initdb;
                lines.Add(new CommentedLine(mode, line, m.Groups["indent"].Value, m.Groups["item"].Index));
            }
        }

        return lines;
    }

    private static DatabaseMode? ModeOf(string entry)
    {
        var path = entry.Trim();
        path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
        return path.TrimEnd('/') switch
        {
            GitOpsNames.InitdbOverlay => DatabaseMode.Initdb,
            GitOpsNames.RecoveryOverlay => DatabaseMode.Recovery,
            _ => null,
        };
    }

    [GeneratedRegex(@"^(?<indent>[ \t]*)#[ \t]?(?<item>-[ \t]+(?:\./)?overlays/(?<mode>initdb|recovery)/?(?:[ \t].*)?)$")]
    private static partial Regex CommentedEntry();

    private sealed record ActiveItem(DatabaseMode Mode, YamlScalar Node);

    /// <summary>A commented-out overlay line; <see cref="CommentLength"/> is where its <c>- </c> starts.</summary>
    private sealed record CommentedLine(DatabaseMode Mode, int LineStart, string Indent, int CommentLength);

    private sealed record FlagState(ActiveItem Active, IReadOnlyList<CommentedLine> Commented);
}
