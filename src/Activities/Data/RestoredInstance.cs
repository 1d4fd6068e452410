using System.Diagnostics;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data.Prefetch;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>A promoted throwaway PostgreSQL on 127.0.0.1; disposing stops it, its WAL prefetch, and deletes its files.</summary>
public sealed class RestoredInstance(RestoreWorkspace workspace, string pgCtl, BaseBackup backup, int port, PostgresLogFollower log) : IAsyncDisposable
{
    private readonly Stopwatch total = Stopwatch.StartNew();
    private TimeSpan download;
    private TimeSpan replay;
    private WalPrefetchRun? prefetch;

    public BaseBackup Backup => backup;

    public int Port => port;

    public string SocketDir => workspace.SocketDir;

    public string PgCtl => pgCtl;

    public PostgresLogFollower Log => log;

    /// <summary>What the WAL prefetch did, once promoted; null when the restore ran without it.</summary>
    public WalPrefetchStats? Prefetch { get; private set; }

    public void Downloaded() => download = total.Elapsed;

    /// <summary>The prefetch runs while the server replays and is stopped at promotion or disposal.</summary>
    public void Prefetching(WalPrefetchRun run)
    {
        prefetch = run;
        run.Start();
    }

    public async Task PromotedAsync()
    {
        replay = total.Elapsed - download;
        if (prefetch is not null)
        {
            Prefetch = await prefetch.StopAsync().ConfigureAwait(false);
        }
    }

    public RestoreTimings Timings() => new(download, replay, total.Elapsed);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (prefetch is not null)
            {
                await prefetch.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            // The server and its directory go whatever the prefetch did: a restore never leaves a PostgreSQL behind.
            await workspace.DisposeAsync(pgCtl).ConfigureAwait(false);
        }
    }
}
