using System.Globalization;
using System.Text.RegularExpressions;

namespace CnpgDrTemporal.Worker.Cli;

/// <summary>Times on the command line: ISO 8601 with a zone, never a guess at the local one.</summary>
public static partial class CliTime
{
    public static DateTimeOffset? Parse(string? raw, string option)
    {
        if (raw is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            throw new UsageException($"--{option} '{raw}' is not an ISO 8601 time");
        }

        return HasZone(raw) ? t : throw new UsageException($"--{option} '{raw}' has no time zone: write it with Z or an offset");
    }

    private static bool HasZone(string raw) => raw.EndsWith('Z') || raw.EndsWith('z') || Offset().IsMatch(raw);

    [GeneratedRegex(@"[+-]\d\d(:?\d\d)?$")]
    private static partial Regex Offset();
}
