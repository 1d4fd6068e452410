using System.Text.RegularExpressions;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>
/// Watches the prefetch spools under a restore work dir while a restore runs: the largest size seen on
/// disk, and (when asked) takes away the newest segment once two wait, before PostgreSQL asks for it
/// (the oldest may be half-way into pg_wal already; it has a whole segment to replay first); with
/// <paramref name="stopPrefetch"/> it first marks the spool stopped, so nobody answers for it but Barman.
/// </summary>
public sealed partial class SpoolObserver(string workDir, bool takeOneSegment, bool stopPrefetch = false)
{
    private volatile bool done;

    public long MaxBytes { get; private set; }

    public int Samples { get; private set; }

    /// <summary>The segment removed from the spool before the server took it; PostgreSQL must ask for it again.</summary>
    public string? Taken { get; private set; }

    public Task RunAsync() => WaitFor.TrueAsync(Sample, "the restore to finish", TimeSpan.FromMinutes(10));

    public void Stop() => done = true;

    private bool Sample()
    {
        foreach (var spool in Directory.Exists(workDir) ? Directory.EnumerateDirectories(workDir, "spool", SearchOption.AllDirectories) : [])
        {
            try
            {
                var files = new DirectoryInfo(spool).GetFiles();
                Samples++;
                MaxBytes = Math.Max(MaxBytes, files.Sum(f => f.Exists ? f.Length : 0));
                var segments = files.Where(f => SegmentName().IsMatch(f.Name)).OrderByDescending(f => f.Name, StringComparer.Ordinal).ToList();
                if (takeOneSegment && Taken is null && segments.Count >= 2)
                {
                    var newest = segments[0];
                    if (stopPrefetch)
                    {
                        File.WriteAllBytes(Path.Combine(spool, CnpgDrTemporal.Activities.Data.Prefetch.WalSpool.StoppedMarker), []);
                    }

                    newest.Delete();
                    Taken = newest.Name;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The spool went away (restore over) or a file moved under us: the next sample sees the rest.
            }
        }

        return done;
    }

    [GeneratedRegex("^[0-9A-F]{24}$")]
    private static partial Regex SegmentName();
}
