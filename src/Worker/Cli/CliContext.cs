using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace CnpgDrTemporal.Worker.Cli;

/// <summary>
/// Where a verb reads and writes, and what it adds to the configuration: the real terminal in
/// <c>Program</c>, a <c>TestConsole</c> or string writers in tests.
/// </summary>
public sealed class CliContext(IAnsiConsole console, TextWriter error, TextReader input)
{
    public IAnsiConsole Console { get; } = console;

    /// <summary>Plain text and JSON go here unformatted: the console's own writer.</summary>
    public TextWriter Output => Console.Profile.Out.Writer;

    public TextWriter Error { get; } = error;

    /// <summary>Where typed confirmations are read from.</summary>
    public TextReader Input { get; } = input;

    /// <summary>True on a terminal: live redraws; false when redirected: plain lines.</summary>
    public bool Terminal { get; init; }

    /// <summary>In-memory configuration over appsettings.json and the environment.</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Service replacements (tests: the simulator's Kubernetes client).</summary>
    public Action<IServiceCollection>? Overrides { get; init; }

    /// <summary>The process's own terminal.</summary>
    public static CliContext FromProcess() =>
        new(AnsiConsole.Console, System.Console.Error, System.Console.In) { Terminal = !System.Console.IsOutputRedirected };

    /// <summary>Plain text into <paramref name="output"/>: no colour, no ANSI codes.</summary>
    public static IAnsiConsole PlainConsole(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(output),
    });
}
