using CnpgDrTemporal.Activities.GitOps;
using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace CnpgDrTemporal.Activities.Text;

/// <summary>Writes a scalar value the way the file already writes that scalar (plain, single or double quoted).</summary>
public static partial class YamlScalars
{
    public static string Render(string value, ScalarStyle style, string file) => style switch
    {
        ScalarStyle.Plain when IsSafePlain(value) => value,
        ScalarStyle.SingleQuoted => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'",
        ScalarStyle.Plain or ScalarStyle.DoubleQuoted or ScalarStyle.Any => DoubleQuoted(value),
        _ => throw GitOpsException.BadInput($"{file}: a {style} block scalar cannot be edited in place; write the value on one line"),
    };

    public static string DoubleQuoted(string value) =>
        $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    /// <summary>A plain scalar that every YAML 1.1/1.2 reader takes as this exact string (no number, bool, time).</summary>
    public static bool IsSafePlain(string value) =>
        SafePlain().IsMatch(value) && !Ambiguous.Contains(value);

    /// <summary>RFC 3339 with the offset kept, as CNPG's <c>targetTime</c> wants it.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        var text = time.ToString(time.Millisecond == 0 && time.Microsecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
        return time.Offset == TimeSpan.Zero ? text + "Z" : text + time.ToString("zzz", CultureInfo.InvariantCulture);
    }

    private static readonly HashSet<string> Ambiguous = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    };

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_./-]*$")]
    private static partial Regex SafePlain();
}
