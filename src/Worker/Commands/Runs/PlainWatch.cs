using CnpgDrTemporal.Workflows.Recovery;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>
/// <c>watch</c> when the output is not a terminal: one line per change (state, finished step, current
/// step, what it waits for, progress), never a redraw, so a log or a pipe reads it top to bottom.
/// </summary>
public sealed class PlainWatch
{
    private readonly Dictionary<string, string> shown = new(StringComparer.Ordinal);

    /// <summary>The lines of <paramref name="status"/> that differ from what was printed before.</summary>
    public IReadOnlyList<string> Next(RecoveryStatus status)
    {
        var lines = new List<string>();
        foreach (var (key, line) in Facts(status))
        {
            if (!shown.TryGetValue(key, out var before) || before != line)
            {
                shown[key] = line;
                lines.Add(line);
            }
        }

        return lines;
    }

    private static IEnumerable<(string Key, string Line)> Facts(RecoveryStatus status)
    {
        yield return ("state", $"state: {status.State}");
        foreach (var f in status.Finished)
        {
            var key = $"done:{f.Step}:{f.Round}";
            yield return (key, $"done {f.Step}{(f.Round > 1 ? $" (round {f.Round})" : string.Empty)} in {RunViews.Duration(f.EndedAt - f.StartedAt)}: {f.Result}");
        }

        if (status.CurrentStep is { } step && status.Outcome is null)
        {
            yield return ("step", $"step: {step}{(status.WaitingFor is null ? string.Empty : $", waiting for {status.WaitingFor}")}");
        }

        foreach (var line in RunViews.Lines(status))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            yield return ("line:" + (colon > 0 ? line[..colon] : line), line);
        }
    }
}
