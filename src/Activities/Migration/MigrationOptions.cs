namespace CnpgDrTemporal.Activities.Migration;

/// <summary><c>Dr:Migration</c>: how long the proof waits for S3 to show the lineage still archiving.</summary>
public sealed class MigrationOptions
{
    public const string Section = "Dr:Migration";

    /// <summary>Bound of the wait for a new WAL segment and the proof's backup in the catalog.</summary>
    public TimeSpan ArchiveWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Pause between two catalog reads during that wait.</summary>
    public TimeSpan ArchivePoll { get; set; } = TimeSpan.FromSeconds(15);
}
