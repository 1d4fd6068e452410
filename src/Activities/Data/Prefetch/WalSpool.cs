using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>
/// The directory segments wait in until PostgreSQL's <c>restore_command</c> moves them into pg_wal.
/// A file it placed that is gone was consumed; a file older than a consumed one was passed by (PostgreSQL
/// fetched it through Barman meanwhile) and is deleted. Bytes count the files present plus a full
/// segment for every download in flight, so the directory never holds more than the cap.
/// </summary>
public sealed class WalSpool(string directory, long maxBytes, long segmentBytes)
{
    private readonly Dictionary<WalSegment, long> placed = [];
    private readonly HashSet<WalSegment> inFlight = [];
    private WalSegment? lastConsumed;

    public string Directory => directory;

    public long MaxBytes => maxBytes;

    public int Consumed { get; private set; }

    public int PassedBy { get; private set; }

    /// <summary>Largest size of the directory seen on disk, in bytes.</summary>
    public long PeakBytes { get; private set; }

    /// <summary>Segments downloaded or being downloaded that PostgreSQL has not taken yet.</summary>
    public int Ahead => placed.Count + inFlight.Count;

    public bool HasRoom => placed.Values.Sum() + ((inFlight.Count + 1) * segmentBytes) <= maxBytes;

    public string PartPath(WalSegment segment) => Path.Combine(directory, segment.Name + ".part");

    public void Begin(WalSegment segment) => inFlight.Add(segment);

    /// <summary>Moves a checked download into place; from now on PostgreSQL may take it.</summary>
    public void Place(WalSegment segment)
    {
        var part = PartPath(segment);
        if (!OperatingSystem.IsWindows())
        {
            // Written by the worker, renamed into pg_wal by the server's OS user: it must be able to use it.
            File.SetUnixFileMode(part, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }

        var size = new FileInfo(part).Length;
        File.Move(part, Path.Combine(directory, segment.Name));
        inFlight.Remove(segment);
        placed[segment] = size;
    }

    /// <summary>A download that failed or was refused: PostgreSQL will ask Barman for this one.</summary>
    public void Abandon(WalSegment segment)
    {
        File.Delete(PartPath(segment));
        inFlight.Remove(segment);
    }

    /// <summary>Notes what PostgreSQL took, deletes what it passed by, and measures the directory.</summary>
    public void Reap()
    {
        foreach (var segment in placed.Keys.ToList())
        {
            if (!File.Exists(Path.Combine(directory, segment.Name)))
            {
                placed.Remove(segment);
                Consumed++;
                lastConsumed = lastConsumed is { } l && l.CompareTo(segment) > 0 ? l : segment;
            }
        }

        foreach (var segment in placed.Keys.Where(s => lastConsumed is { } l && s.CompareTo(l) < 0).ToList())
        {
            File.Delete(Path.Combine(directory, segment.Name));
            placed.Remove(segment);
            PassedBy++;
        }

        PeakBytes = Math.Max(PeakBytes, OnDisk());
    }

    /// <summary>Bytes in the directory now; PostgreSQL may move a file away while it is being measured.</summary>
    private long OnDisk()
    {
        long bytes = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            try
            {
                bytes += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Taken by restore_command between the listing and the stat: it no longer counts.
            }
        }

        return bytes;
    }

    /// <summary>
    /// The server's restore_command: wait while the segment is being downloaded, take it from the spool
    /// when there, otherwise run <paramref name="fallback"/> (the Barman tool) as before.
    /// </summary>
    public string RestoreCommand(string fallback, TimeSpan maxWait)
    {
        var polls = Math.Max(1, (int)(maxWait.TotalMilliseconds / 20));
        var f = Path.Combine(directory, "%f");
        return $"i=0; while [ -e {f}.part ] && [ $i -lt {polls} ]; do sleep 0.02; i=$((i+1)); done; if [ -f {f} ] && mv {f} %p; then exit 0; fi; {fallback}";
    }
}
