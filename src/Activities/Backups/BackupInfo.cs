using System.Globalization;

namespace CnpgDrTemporal.Activities.Backups;

/// <summary>The fields of Barman's <c>backup.info</c> (key=value lines) that recovery depends on.</summary>
public sealed record BackupInfo(
    string Status,
    string? BackupName,
    DateTimeOffset? BeginTime,
    DateTimeOffset? EndTime,
    string? BeginWal,
    string? EndWal,
    int? Timeline,
    string? SystemId,
    int? PgVersion,
    long? WalSegmentBytes = null)
{
    /// <summary>Parses the text; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static BackupInfo Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }

        var status = Field(fields, "status") ?? throw new FormatException("no 'status' field");
        var beginWal = Field(fields, "begin_wal");
        if (beginWal is not null && !WalSegment.TryParse(beginWal, out _))
        {
            throw new FormatException($"begin_wal '{beginWal}' is not a WAL segment name");
        }

        if (status == "DONE" && (beginWal is null || Field(fields, "systemid") is null || Field(fields, "end_time") is null))
        {
            throw new FormatException("a DONE backup without begin_wal, end_time or systemid");
        }

        return new BackupInfo(
            status,
            Field(fields, "backup_name"),
            Time(fields, "begin_time"),
            Time(fields, "end_time"),
            beginWal,
            Field(fields, "end_wal"),
            Int(fields, "timeline"),
            Field(fields, "systemid"),
            Int(fields, "version"),
            Int(fields, "xlog_segment_size"));
    }

    private static string? Field(Dictionary<string, string> f, string name) =>
        f.TryGetValue(name, out var v) && v.Length > 0 && v != "None" ? v : null;

    private static int? Int(Dictionary<string, string> f, string name)
    {
        var v = Field(f, name);
        if (v is null)
        {
            return null;
        }

        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new FormatException($"{name} '{v}' is not a number");
    }

    private static DateTimeOffset? Time(Dictionary<string, string> f, string name)
    {
        var v = Field(f, name);
        if (v is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw new FormatException($"{name} '{v}' is not a time");
    }
}
