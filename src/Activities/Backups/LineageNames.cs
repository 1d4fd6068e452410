using System.Globalization;
using System.Text.RegularExpressions;

namespace CnpgDrTemporal.Activities.Backups;

/// <summary>Lineage names are <c>&lt;db&gt;-database-vN</c>; real repos skip numbers.</summary>
public static partial class LineageNames
{
    public static int? NumberOf(string serverName)
    {
        var m = VersionSuffix().Match(serverName);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    public static string WithNumber(string serverName, int number)
    {
        var m = VersionSuffix().Match(serverName);
        var stem = m.Success ? serverName[..(m.Index + 1)] : serverName + "-v";
        return string.Create(CultureInfo.InvariantCulture, $"{stem}{number}");
    }

    /// <summary>The next write lineage: one past every number seen in git or S3.</summary>
    public static string Next(string current, IEnumerable<string> seenInS3)
    {
        var stem = VersionSuffix().Match(current) is { Success: true } m ? current[..(m.Index + 1)] : current + "-v";
        var numbers = seenInS3.Append(current)
            .Where(n => n.StartsWith(stem, StringComparison.Ordinal))
            .Select(NumberOf)
            .Where(n => n is not null)
            .Select(n => n!.Value)
            .DefaultIfEmpty(0);
        return string.Create(CultureInfo.InvariantCulture, $"{stem}{numbers.Max() + 1}");
    }

    [GeneratedRegex(@"v(\d+)$")]
    private static partial Regex VersionSuffix();
}
