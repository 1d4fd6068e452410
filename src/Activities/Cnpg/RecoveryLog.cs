using System.Text.Json;
using System.Text.RegularExpressions;

namespace CnpgDrTemporal.Activities.Cnpg;

public enum RecoveryLineKind
{
    Other,
    Restored,
    Consistent,
    RedoDone,
    TargetUnreachable,
    ExpectedEmptyArchive,
}

/// <summary>One log line of a recovery pod, reduced to what the watch reacts to.</summary>
public sealed record RecoveryLine(RecoveryLineKind Kind, string Message, string? File);

/// <summary>
/// Reads CNPG pod log lines: JSON lines from the instance manager (<c>record.message</c> for Postgres'
/// own lines, <c>msg</c>/<c>error</c> otherwise) and plain lines alike.
/// </summary>
public static partial class RecoveryLog
{
    public static RecoveryLine Parse(string raw)
    {
        var message = MessageOf(raw);
        if (Contains(message, RecoveryMarkers.TargetUnreachable))
        {
            return new RecoveryLine(RecoveryLineKind.TargetUnreachable, message, null);
        }

        // barman-cloud-check-wal-archive's verdict may sit in "error" rather than "msg": look at the whole line.
        if (Contains(raw, RecoveryMarkers.ExpectedEmptyArchive))
        {
            return new RecoveryLine(RecoveryLineKind.ExpectedEmptyArchive, message, null);
        }

        if (RestoredFile().Match(message) is { Success: true } m)
        {
            return new RecoveryLine(RecoveryLineKind.Restored, message, m.Groups[1].Value);
        }

        if (Contains(message, RecoveryMarkers.Consistent))
        {
            return new RecoveryLine(RecoveryLineKind.Consistent, message, null);
        }

        return new RecoveryLine(Contains(message, RecoveryMarkers.RedoDone) ? RecoveryLineKind.RedoDone : RecoveryLineKind.Other, message, null);
    }

    /// <summary><c>record.message</c> of a JSON Postgres record, else <c>msg</c> (+ <c>error</c>), else the raw line.</summary>
    public static string MessageOf(string raw)
    {
        var trimmed = raw.Trim();
        if (!trimmed.StartsWith('{'))
        {
            return trimmed;
        }

        try
        {
            using var doc = JsonDocument.Parse(trimmed);
            var root = doc.RootElement;
            if (root.TryGetProperty("record", out var record) && record.ValueKind == JsonValueKind.Object &&
                record.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                var severity = record.TryGetProperty("error_severity", out var s) && s.ValueKind == JsonValueKind.String ? $"{s.GetString()}: " : string.Empty;
                return severity + message.GetString();
            }

            var msg = root.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return (msg, error) switch
            {
                (null, null) => trimmed,
                (_, null) => msg!,
                (null, _) => error!,
                _ => $"{msg}: {error}",
            };
        }
        catch (JsonException)
        {
            return trimmed;
        }
    }

    private static bool Contains(string text, string marker) => text.Contains(marker, StringComparison.OrdinalIgnoreCase);

    // Segments only: timeline history files are restored too but are not WAL replayed.
    [GeneratedRegex("restored log file \"([0-9A-F]{24})\" from archive", RegexOptions.IgnoreCase)]
    private static partial Regex RestoredFile();
}
