using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>
/// The directory WAL waits in until PostgreSQL's <c>restore_command</c> moves it into pg_wal, and the
/// files the two sides talk through. A segment the prefetch placed that is gone was consumed, unless an
/// older one still waits (PostgreSQL takes them in order); one older than a consumed one was passed by
/// and is deleted. For a file that is neither there nor downloading,
/// restore_command leaves <c>NAME.want</c>; the prefetcher answers by placing the file, or with
/// <c>NAME.none</c> when S3 has nothing under that name, or by deleting the request, which sends
/// restore_command to Barman (it notes that with <c>NAME.barman</c>). <c>.stopped</c> means nobody
/// answers any more.
/// Read-ahead bytes (files placed plus a full segment per download in flight) stay under the cap; the
/// one file PostgreSQL is waiting for is fetched even when the read-ahead has filled it.
/// </summary>
public sealed class WalSpool(string directory, long maxBytes, long segmentBytes)
{
    public const string WantSuffix = ".want";
    public const string NoneSuffix = ".none";
    public const string StoppedMarker = ".stopped";
    public const string BarmanSuffix = ".barman";
    public const string PartSuffix = ".part";
    private const int FastPolls = 40;

    private readonly Dictionary<WalSegment, (long Bytes, bool Asked)> placed = [];
    private readonly HashSet<WalSegment> inFlight = [];
    private readonly List<string> wanted = [];
    /// <summary>The newest segment PostgreSQL took or passed; placed read-ahead before it is deleted.</summary>
    private WalSegment? lastConsumed;

    public string Directory => directory;

    public long MaxBytes => maxBytes;

    public int Consumed { get; private set; }

    public int PassedBy { get; private set; }

    /// <summary>Files restore_command had to ask Barman for (it leaves <c>NAME.barman</c> behind as it does).</summary>
    public int AskedBarman { get; private set; }

    /// <summary>Largest size of the directory seen on disk, in bytes.</summary>
    public long PeakBytes { get; private set; }

    /// <summary>Segments read ahead (downloaded or downloading) that PostgreSQL has not taken yet.</summary>
    public int Ahead => placed.Count(p => !p.Value.Asked) + inFlight.Count;

    public bool HasRoom => placed.Values.Sum(p => p.Bytes) + ((inFlight.Count + 1) * segmentBytes) <= maxBytes;

    /// <summary>Names restore_command has asked for and is waiting on, as of the last <see cref="Reap"/>.</summary>
    public IReadOnlyList<string> Wanted => wanted;

    public string PartPath(string name) => Path.Combine(directory, name + PartSuffix);

    public string PartPath(WalSegment segment) => PartPath(segment.Name);

    /// <summary>Whether the segment is in the spool or on its way there.</summary>
    public bool Holds(WalSegment segment) => placed.ContainsKey(segment) || inFlight.Contains(segment);

    /// <summary>Whether PostgreSQL has already taken or passed the segment: read-ahead for it is wasted.</summary>
    public bool Behind(WalSegment segment) => lastConsumed is { } l && segment.CompareTo(l) <= 0;

    /// <summary>False when the segment is already placed or downloading: one download per segment at a time.</summary>
    public bool Begin(WalSegment segment) => !placed.ContainsKey(segment) && inFlight.Add(segment);

    /// <summary>Moves a checked download into place; from now on PostgreSQL may take it.</summary>
    public void Place(WalSegment segment, bool asked = false)
    {
        placed[segment] = (PlaceFile(segment.Name), asked);
        inFlight.Remove(segment);
    }

    /// <summary>Moves a checked download into place and ends any request for it; returns its size.</summary>
    public long PlaceFile(string name)
    {
        var part = PartPath(name);
        if (!OperatingSystem.IsWindows())
        {
            // Written by the worker, renamed into pg_wal by the server's OS user: it must be able to use it.
            File.SetUnixFileMode(part, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }

        var size = new FileInfo(part).Length;
        File.Move(part, Path.Combine(directory, name), overwrite: true);
        EndRequest(name);
        return size;
    }

    /// <summary>A download that failed or was refused: PostgreSQL will ask Barman for this one.</summary>
    public void Abandon(WalSegment segment)
    {
        inFlight.Remove(segment);
        Refer(segment.Name);
    }

    /// <summary>Sends a waiting restore_command to Barman: we could not read this file with certainty.</summary>
    public void Refer(string name)
    {
        File.Delete(PartPath(name));
        EndRequest(name);
    }

    /// <summary>S3 has nothing under this name: restore_command says so at once, as Barman would after a listing.</summary>
    public void Absent(string name)
    {
        File.WriteAllBytes(Path.Combine(directory, name + NoneSuffix), []);
        File.Delete(Path.Combine(directory, name + WantSuffix));
    }

    /// <summary>Deletes the request and any stale "none" left by a restore_command that stopped waiting before it.</summary>
    private void EndRequest(string name)
    {
        File.Delete(Path.Combine(directory, name + NoneSuffix));
        File.Delete(Path.Combine(directory, name + WantSuffix));
    }

    /// <summary>From now on restore_command goes to Barman for anything not already in the spool.</summary>
    public void Stop()
    {
        if (System.IO.Directory.Exists(directory))
        {
            File.WriteAllBytes(Path.Combine(directory, StoppedMarker), []);
        }
    }

    /// <summary>Notes what PostgreSQL took, deletes what it passed by, collects requests, and measures the directory.</summary>
    public void Reap()
    {
        var gone = placed.Keys.Where(s => !File.Exists(Path.Combine(directory, s.Name))).ToList();
        foreach (var segment in gone)
        {
            placed.Remove(segment);
        }

        foreach (var segment in gone)
        {
            // PostgreSQL takes segments in order: one that went while an older one is still waiting was not
            // taken but lost (deleted by someone else); it is fetched again if asked for.
            if (placed.Any(p => p.Key.CompareTo(segment) < 0 && !p.Value.Asked))
            {
                continue;
            }

            Consumed++;
            Advance(segment);
        }

        // Only read-ahead is passed by; a file PostgreSQL asked for waits for it whatever its position.
        foreach (var segment in placed.Where(p => !p.Value.Asked && lastConsumed is { } l && p.Key.CompareTo(l) < 0).Select(p => p.Key).ToList())
        {
            File.Delete(Path.Combine(directory, segment.Name));
            placed.Remove(segment);
            PassedBy++;
        }

        long bytes = 0;
        wanted.Clear();
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

            if (file.Name.EndsWith(WantSuffix, StringComparison.Ordinal))
            {
                wanted.Add(file.Name[..^WantSuffix.Length]);
            }
            else if (file.Name.EndsWith(BarmanSuffix, StringComparison.Ordinal))
            {
                file.Delete();
                AskedBarman++;
            }
        }

        PeakBytes = Math.Max(PeakBytes, bytes);
    }

    /// <summary>PostgreSQL asks for <paramref name="segment"/>: read-ahead before it will never be taken.</summary>
    public void PassedTo(WalSegment segment)
    {
        Advance(segment.Previous());
    }

    /// <summary><see cref="lastConsumed"/> only moves forward.</summary>
    private void Advance(WalSegment to) => lastConsumed = lastConsumed is { } l && l.CompareTo(to) > 0 ? l : to;

    /// <summary>Ends a request whose file is already in the spool (placed while restore_command was asking).</summary>
    public bool AlreadyThere(string name)
    {
        if (!File.Exists(Path.Combine(directory, name)))
        {
            return false;
        }

        File.Delete(Path.Combine(directory, name + WantSuffix));
        return true;
    }

    /// <summary>
    /// The server's restore_command. Unless the prefetch has stopped, it asks for a file that is neither
    /// there nor downloading, and waits (at most <paramref name="maxWait"/>) while a download or a request
    /// is open. Then it takes the file, or fails at once on an answer of "none", or runs
    /// <paramref name="fallback"/> (the Barman tool) as before.
    /// </summary>
    public string RestoreCommand(string fallback, TimeSpan maxWait)
    {
        // Answers come within milliseconds, so the first 40 polls are 5 ms apart; then 50 ms, up to maxWait.
        var polls = FastPolls + Math.Max(0, (int)((maxWait.TotalMilliseconds - (FastPolls * 5)) / 50));
        var s = directory;
        var f = Path.Combine(directory, "%f");
        return $"if [ ! -e {s}/{StoppedMarker} ]; then [ -e {f}{PartSuffix} ] || [ -e {f} ] || : > {f}{WantSuffix}; i=0; "
            + $"while [ ! -e {s}/{StoppedMarker} ] && {{ [ -e {f}{PartSuffix} ] || [ -e {f}{WantSuffix} ]; }} && [ $i -lt {polls} ]; do if [ $i -lt {FastPolls} ]; then sleep 0.005; else sleep 0.05; fi; i=$((i+1)); done; "
            + $"if [ ! -e {f} ] && [ -e {f}{NoneSuffix} ]; then rm -f {f}{NoneSuffix} {f}{WantSuffix}; exit 1; fi; fi; "
            + $"if [ -f {f} ] && mv {f} %p; then exit 0; fi; "
            + $"rm -f {f}{WantSuffix}; : > {f}{BarmanSuffix}; {fallback}";
    }
}
