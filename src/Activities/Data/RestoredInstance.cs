using System.Diagnostics;
using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>A promoted throwaway PostgreSQL on 127.0.0.1; disposing stops it and deletes its files.</summary>
public sealed class RestoredInstance(RestoreWorkspace workspace, string pgCtl, BaseBackup backup, int port, PostgresLogFollower log) : IAsyncDisposable
{
    private readonly Stopwatch total = Stopwatch.StartNew();
    private TimeSpan download;
    private TimeSpan replay;

    public BaseBackup Backup => backup;

    public int Port => port;

    public string SocketDir => workspace.SocketDir;

    public string PgCtl => pgCtl;

    public PostgresLogFollower Log => log;

    public void Downloaded() => download = total.Elapsed;

    public void Promoted() => replay = total.Elapsed - download;

    public RestoreTimings Timings() => new(download, replay, total.Elapsed);

    public ValueTask DisposeAsync() => new(workspace.DisposeAsync(pgCtl));
}
