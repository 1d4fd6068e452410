using Spectre.Console;
using Spectre.Console.Rendering;

namespace CnpgDrTemporal.Worker.Commands.Runs;

/// <summary>A unified diff in colour: additions green, removals red, hunks cyan, file headers bold.</summary>
public static class DiffView
{
    public static IRenderable Render(string diff)
    {
        var lines = diff.TrimEnd('\n').Split('\n');
        return new Rows(lines.Select(line => new Text(line, StyleOf(line))));
    }

    private static Style StyleOf(string line) => line switch
    {
        _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("diff ", StringComparison.Ordinal) => new Style(decoration: Decoration.Bold),
        _ when line.StartsWith('+') => new Style(Color.Green),
        _ when line.StartsWith('-') => new Style(Color.Red),
        _ when line.StartsWith("@@", StringComparison.Ordinal) => new Style(Color.Cyan),
        _ => Style.Plain,
    };
}
