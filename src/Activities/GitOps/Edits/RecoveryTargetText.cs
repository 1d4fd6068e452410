using CnpgDrTemporal.Activities.Text;
namespace CnpgDrTemporal.Activities.GitOps;

/// <summary>
/// Sets <c>spec.bootstrap.recovery.recoveryTarget</c> to exactly one pin (or none) by splicing
/// lines: the pin's value is replaced in place, other target keys are removed line by line,
/// and comment lines inside the block stay.
/// </summary>
public static class RecoveryTargetText
{
    public static void Apply(TextSplice splice, YamlMap recovery, YamlEntry? target, string? key, string? value)
    {
        var text = splice.Original;
        if (key is null)
        {
            if (target is not null)
            {
                RemoveEntry(splice, target);
            }

            return;
        }

        var rendered = value!;
        if (target is null)
        {
            var indent = new string(' ', TextLines.Column(text, recovery.Entries[0].Key.Start));
            var step = new string(' ', IndentStep(text, recovery));
            var nl = TextLines.NewLine(text);
            InsertLinesAfter(splice, recovery.ContentEnd, $"{indent}{GitOpsNames.RecoveryTargetKey}:{nl}{indent}{step}{key}: {YamlScalars.DoubleQuoted(rendered)}{nl}");
            return;
        }

        if (target.Value is not YamlMap { IsFlow: false, Entries.Count: > 0 } map)
        {
            throw GitOpsException.BadInput($"{splice.File}: {GitOpsNames.RecoveryTargetKey} is not a block mapping; edit it by hand");
        }

        var pins = map.Entries.Where(e => GitOpsNames.TargetKeys.Contains(e.Key.Value)).ToList();
        var keep = pins.FirstOrDefault(e => e.Key.Value == key) ?? pins.FirstOrDefault();
        if (keep is null)
        {
            var indent = new string(' ', TextLines.Column(text, map.Entries[0].Key.Start));
            InsertLinesAfter(splice, map.ContentEnd, $"{indent}{key}: {YamlScalars.DoubleQuoted(rendered)}{TextLines.NewLine(text)}");
            return;
        }

        if (keep.Key.Value != key)
        {
            splice.Replace(keep.Key.Start, keep.Key.End, key);
        }

        if (keep.Value is not YamlScalar old)
        {
            throw GitOpsException.BadInput($"{splice.File}: {GitOpsNames.RecoveryTargetKey}.{keep.Key.Value} is not a scalar; edit it by hand");
        }

        if (old.Value != rendered)
        {
            splice.Replace(old.Start, old.End, YamlScalars.Render(rendered, old.Style, splice.File));
        }

        foreach (var other in pins.Where(p => p != keep))
        {
            RemoveEntry(splice, other);
        }
    }

    /// <summary>Deletes the lines of one mapping entry; refuses when it shares a line with anything else.</summary>
    private static void RemoveEntry(TextSplice splice, YamlEntry entry)
    {
        var text = splice.Original;
        var end = Math.Max(entry.Value.ContentEnd, entry.Key.End);
        if (!TextLines.StartsLine(text, entry.Key.Start) || !TextLines.EndsLine(text, end))
        {
            throw GitOpsException.BadInput($"{splice.File}: '{entry.Key.Value}' shares its line with other content; edit it by hand");
        }

        splice.RemoveLinesKeepingComments(entry.Key.Start, Math.Max(entry.Key.Start, end - 1));
    }

    private static void InsertLinesAfter(TextSplice splice, int contentEnd, string lines)
    {
        var text = splice.Original;
        var at = TextLines.NextLineStart(text, Math.Max(0, contentEnd - 1));
        var lead = at == text.Length && text.Length > 0 && text[^1] != '\n' ? TextLines.NewLine(text) : string.Empty;
        splice.Insert(at, lead + lines);
    }

    /// <summary>How far this file indents a nested mapping (from an existing one), 2 by default.</summary>
    private static int IndentStep(string text, YamlMap map)
    {
        foreach (var entry in map.Entries)
        {
            if (entry.Value is YamlMap { IsFlow: false, Entries.Count: > 0 } child)
            {
                var step = TextLines.Column(text, child.Entries[0].Key.Start) - TextLines.Column(text, entry.Key.Start);
                if (step > 0)
                {
                    return step;
                }
            }
        }

        return 2;
    }
}
