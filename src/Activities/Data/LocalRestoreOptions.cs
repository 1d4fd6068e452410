namespace CnpgDrTemporal.Activities.Data;

/// <summary><c>Dr:LocalRestore</c>: where and as whom throwaway PostgreSQL instances run, and how WAL reaches them.</summary>
public sealed class LocalRestoreOptions
{
    public const string Section = "Dr:LocalRestore";

    public string WorkDir { get; set; } = Path.Combine(Path.GetTempPath(), "cnpg-dr-restore");

    /// <summary>PostgreSQL refuses to run as root: when the worker is root, restore as this user.</summary>
    public string RunAsUser { get; set; } = "postgres";

    /// <summary>Directory of pg_ctl; <c>{major}</c> is replaced by the backup's major version.</summary>
    public string PgBinDir { get; set; } = "/usr/lib/postgresql/{major}/bin";

    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan ReplayTimeout { get; set; } = TimeSpan.FromHours(4);

    /// <summary>WAL segments downloaded ahead of the replay, in parallel; 0 leaves every segment to barman-cloud-wal-restore.</summary>
    public int WalPrefetch { get; set; } = 8;

    /// <summary>Cap of the prefetch spool on disk (segments waiting plus downloads in flight); at least one segment.</summary>
    public long SpoolMaxBytes { get; set; } = 256L << 20;

    /// <summary>How long restore_command waits for a segment being downloaded, or for an answer to its request, before asking Barman instead.</summary>
    public TimeSpan SpoolWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A clear error before anything is downloaded.</summary>
    public void Validate()
    {
        if (WalPrefetch < 0)
        {
            throw new DrException($"Dr:LocalRestore:WalPrefetch must be 0 (off) or more, not {WalPrefetch}");
        }

        if (WalPrefetch > 0 && SpoolMaxBytes < Prefetch.WalPrefetchRun.DefaultSegmentBytes)
        {
            throw new DrException($"Dr:LocalRestore:SpoolMaxBytes ({SpoolMaxBytes}) must hold at least one 16 MiB WAL segment ({Prefetch.WalPrefetchRun.DefaultSegmentBytes})");
        }
    }
}
