
using CnpgDrTemporal.Activities.Cnpg;
namespace CnpgDrTemporal.Activities.Data;

/// <summary>What a recovering PostgreSQL said so far, read from its log as it grows.</summary>
public sealed class PostgresLogFollower(string path, Action<string>? onLine = null)
{
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
        var parsed = RecoveryLog.Parse(line);
        switch (parsed.Kind)
        {
            case RecoveryLineKind.Restored:
                WalFilesRestored++;
                LastRestoredFile = parsed.File;
                return;
            case RecoveryLineKind.Consistent:
                ConsistentAt ??= parsed.Message[(parsed.Message.IndexOf(RecoveryMarkers.Consistent, StringComparison.Ordinal) + RecoveryMarkers.Consistent.Length)..].Trim();
                return;
        }

        if (line.Contains("archive recovery complete", StringComparison.Ordinal) || line.Contains("selected new timeline ID", StringComparison.Ordinal))
        {
            Promoted = true;
        }
        else if (line.Contains("database system is ready to accept connections", StringComparison.Ordinal))
        {
            ReadyForConnections = true;
        }
        else if (line.Contains("FATAL:", StringComparison.Ordinal) || line.Contains("PANIC:", StringComparison.Ordinal))
        {
            Fatal ??= parsed.Kind == RecoveryLineKind.TargetUnreachable ? RecoveryMarkers.TargetUnreachable : line[(line.IndexOf(':', line.IndexOf("FATAL", StringComparison.Ordinal) is var i and >= 0 ? i : line.IndexOf("PANIC", StringComparison.Ordinal)) + 1)..].Trim();
        }
    }
}
