using System.Text.RegularExpressions;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>What a recovering PostgreSQL said so far, read from its log as it grows.</summary>
public sealed partial class PostgresLogFollower(string path, Action<string>? onLine = null)
{
    public const string TargetUnreachableMarker = "recovery ended before configured recovery target was reached";

    private long offset;
    private string partial = string.Empty;

    public int WalFilesRestored { get; private set; }

    public string? LastRestoredFile { get; private set; }

    public string? ConsistentAt { get; private set; }

    public bool Promoted { get; private set; }

    public bool ReadyForConnections { get; private set; }

    public string? Fatal { get; private set; }

    public string? LastLine { get; private set; }

    /// <summary>Reads the lines appended since the last call.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = partial + await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        offset = stream.Position;
        var lines = text.Split('\n');
        partial = lines[^1];
        foreach (var line in lines[..^1])
        {
            Observe(line);
        }
    }

    private void Observe(string line)
    {
        LastLine = line;
        onLine?.Invoke(line);
        if (RestoredFile().Match(line) is { Success: true } m)
        {
            WalFilesRestored++;
            LastRestoredFile = m.Groups[1].Value;
        }
        else if (line.Contains("consistent recovery state reached", StringComparison.Ordinal))
        {
            ConsistentAt = line[(line.IndexOf("consistent recovery state reached", StringComparison.Ordinal) + 34)..].Trim();
        }
        else if (line.Contains("archive recovery complete", StringComparison.Ordinal) || line.Contains("selected new timeline ID", StringComparison.Ordinal))
        {
            Promoted = true;
        }
        else if (line.Contains("database system is ready to accept connections", StringComparison.Ordinal))
        {
            ReadyForConnections = true;
        }
        else if (line.Contains("FATAL:", StringComparison.Ordinal) || line.Contains("PANIC:", StringComparison.Ordinal))
        {
            Fatal ??= line[line.IndexOf(':', line.IndexOf("FATAL", StringComparison.Ordinal) is var i and >= 0 ? i : line.IndexOf("PANIC", StringComparison.Ordinal))..].TrimStart(':', ' ');
        }
    }

    [GeneratedRegex("restored log file \"([0-9A-F]{24})\" from archive")]
    private static partial Regex RestoredFile();
}
