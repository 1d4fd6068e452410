namespace CnpgDrTemporal.Worker.Cli;

/// <summary>Positional arguments plus <c>--name value</c> options and <c>--switch</c> flags.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);

    private CommandLine(IReadOnlyList<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    /// <summary>Parses arguments after the verb. Options named in <paramref name="switches"/> take no value.</summary>
    public static CommandLine Parse(IEnumerable<string> args, params string[] switches)
    {
        var positional = new List<string>();
        var parsed = new CommandLine(positional);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positional.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parsed.options[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (switches.Contains(arg[2..]))
            {
                parsed.options[arg[2..]] = null;
            }
            else if (i + 1 < list.Count)
            {
                parsed.options[arg[2..]] = list[++i];
            }
            else
            {
                throw new UsageException($"option {arg} needs a value");
            }
        }

        return parsed;
    }

    public bool Has(string name) => options.ContainsKey(name);

    public string? Get(string name) => options.TryGetValue(name, out var v) ? v : null;

    public string Require(int position, string what) =>
        position < Positional.Count ? Positional[position] : throw new UsageException($"missing {what}");

    public DateTimeOffset? GetTime(string name)
    {
        var raw = Get(name);
        if (raw is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t))
        {
            throw new UsageException($"--{name} '{raw}' is not an ISO 8601 time");
        }

        if (!HasZone(raw))
        {
            throw new UsageException($"--{name} '{raw}' has no time zone: write it with Z or an offset");
        }

        return t;
    }

    private static bool HasZone(string raw) =>
        raw.EndsWith('Z') || raw.EndsWith('z') ||
        System.Text.RegularExpressions.Regex.IsMatch(raw, @"[+-]\d\d(:?\d\d)?$");
}

/// <summary>A wrong command line: printed with the usage, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
