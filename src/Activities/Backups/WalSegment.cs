using System.Globalization;

namespace CnpgDrTemporal.Activities.Backups;

/// <summary>
/// A WAL segment name <c>TTTTTTTTLLLLLLLLSSSSSSSS</c> as a position: timeline plus a linear
/// segment number, so that names can be compared, stepped and probed with <c>StartAfter</c>.
/// </summary>
public readonly record struct WalSegment(int Timeline, long Number) : IComparable<WalSegment>
{
    /// <summary>Segments per 4 GiB log file with the default 16 MiB segment size.</summary>
    public const long SegmentsPerLog = 0x100;

    public long Log => Number / SegmentsPerLog;

    public long Seg => Number % SegmentsPerLog;

    /// <summary>The folder Barman files the segment under: <c>TTTTTTTTLLLLLLLL</c>.</summary>
    public string Folder => string.Create(CultureInfo.InvariantCulture, $"{Timeline:X8}{Log:X8}");

    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Timeline:X8}{Log:X8}{Seg:X8}");

    public static bool TryParse(string? text, out WalSegment segment)
    {
        segment = default;
        if (text is null || text.Length < 24 || !IsHex(text.AsSpan(0, 24)))
        {
            return false;
        }

        var tl = int.Parse(text.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var log = long.Parse(text.AsSpan(8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var seg = long.Parse(text.AsSpan(16, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (seg >= SegmentsPerLog)
        {
            return false;
        }

        segment = new WalSegment(tl, (log * SegmentsPerLog) + seg);
        return true;
    }

    /// <summary>A bare segment name, exactly: not a history, backup or partial file whose name starts like one.</summary>
    public static bool TryParseName(string name, out WalSegment segment)
    {
        segment = default;
        return name.Length == 24 && TryParse(name, out segment);
    }

    public static WalSegment Parse(string text) =>
        TryParse(text, out var s) ? s : throw new FormatException($"'{text}' is not a WAL segment name");

    /// <summary>The segment a WAL archive key names, when it is a plain segment (not .backup/.partial/.history).</summary>
    public static bool TryFromKey(string key, out WalSegment segment)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        if (name.EndsWith(".gz", StringComparison.Ordinal) || name.EndsWith(".bz2", StringComparison.Ordinal) ||
            name.EndsWith(".xz", StringComparison.Ordinal) || name.EndsWith(".snappy", StringComparison.Ordinal) ||
            name.EndsWith(".zst", StringComparison.Ordinal) || name.EndsWith(".lz4", StringComparison.Ordinal))
        {
            name = name[..name.LastIndexOf('.')];
        }

        return TryParseName(name, out segment);
    }

    public static WalSegment FromFolder(string folder) => Parse(folder[..16] + "00000000");

    public WalSegment Next() => this with { Number = Number + 1 };

    public WalSegment Previous() => this with { Number = Number - 1 };

    public int CompareTo(WalSegment other) =>
        Timeline != other.Timeline ? Timeline.CompareTo(other.Timeline) : Number.CompareTo(other.Number);

    public override string ToString() => Name;

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigitUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
