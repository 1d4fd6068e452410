using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CnpgDrTemporal.Activities.Backups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>
/// Restores a lineage into a throwaway PostgreSQL on 127.0.0.1 with the real Barman tools, proves the
/// data with <see cref="SqlValidator"/>, then stops it and deletes everything, whatever happened.
/// </summary>
public sealed class LocalRestorer(
    BackupCatalogReader catalogs,
    TargetChecker targets,
    BucketReaderFactory s3,
    DataSettings settings,
    IOptions<LocalRestoreOptions> options,
    ILogger<LocalRestorer> logger)
{
    public async Task<LocalRestoreReport> RestoreAsync(LocalRestoreRequest request, CancellationToken ct)
    {
        await using var instance = await StartAsync(request, null, ct).ConfigureAwait(false);
        var sql = new SqlOptions { Host = instance.SocketDir, Port = instance.Port, Database = settings.Sql(request.Database).Database, Username = "postgres" };
        await using var connection = await DatabaseConnector.OpenAsync(sql, null, ct).ConfigureAwait(false);
        var backup = instance.Backup;
        var expectation = new ValidationExpectation(backup.SystemId, backup.Timeline, request.Baseline);
        var target = $"{request.Lineage}@{backup.BackupId}{(request.TargetTime is { } t ? " to " + t.ToString("O", CultureInfo.InvariantCulture) : " (latest)")}";
        var validation = await SqlValidator.ValidateAsync(connection, request.Database, target, expectation, settings.Rules(request.Database), ct).ConfigureAwait(false);
        return new LocalRestoreReport(request.Database, request.Lineage, backup.BackupId, request.TargetTime, instance.Timings(), instance.Log.WalFilesRestored, instance.Log.ConsistentAt, validation);
    }

    /// <summary>
    /// Restores and starts a throwaway instance, returning once it is promoted; the caller owns it
    /// (disposing stops it and deletes its files). <paramref name="onLogLine"/> sees every server log line.
    /// </summary>
    public async Task<RestoredInstance> StartAsync(LocalRestoreRequest request, Action<string>? onLogLine, CancellationToken ct)
    {
        var o = options.Value;
        var catalog = await catalogs.ReadAsync(request.Database, ct: ct).ConfigureAwait(false);
        var check = await targets.CheckAsync(new TargetCheckRequest(request.Database, request.Lineage, request.BackupId, request.TargetTime), catalog, ct).ConfigureAwait(false);
        var backup = catalog.Find(request.Lineage)?.Backups.FirstOrDefault(b => b.BackupId == check.BackupId);
        if (backup?.SystemId is null)
        {
            throw new DrException($"nothing to restore from {request.Lineage}: {string.Join("; ", check.Reasons)}");
        }

        if (!check.Reachable)
        {
            logger.LogWarning("catalog says the target is not reachable ({Reasons}); restoring anyway to let PostgreSQL prove it", string.Join("; ", check.Reasons));
        }

        var pgBin = RestoreTools.Require(o.PgBinDir, backup.PgVersion / 10000 ?? 15);
        var work = RestoreWorkspace.Create(o.WorkDir, $"{request.Database}-{request.Lineage}", o.RunAsUser);
        var instance = new RestoredInstance(work, Path.Combine(pgBin, "pg_ctl"), backup, FreePort(), new PostgresLogFollower(work.LogFile, onLogLine));
        try
        {
            await RunBarmanAsync(["barman-cloud-restore", .. S3Args(), S3Destination(request.Database), request.Lineage, backup.BackupId, work.DataDir], o, o.DownloadTimeout, ct).ConfigureAwait(false);
            instance.Downloaded();
            await work.ConfigureRecoveryAsync(instance.Port, RestoreCommand(request), request.TargetTime, ct).ConfigureAwait(false);
            await RunAsync(instance.PgCtl, ["-D", work.DataDir, "-l", work.LogFile, "-W", "start"], o, TimeSpan.FromMinutes(1), ct).ConfigureAwait(false);
            await WaitForPromotionAsync(instance.Log, o.ReplayTimeout, ct).ConfigureAwait(false);
            instance.Promoted();
            return instance;
        }
        catch
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Follows the server log until promotion; the FATAL of an unreachable target is not retryable.</summary>
    private static async Task WaitForPromotionAsync(PostgresLogFollower log, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await log.PollAsync(ct).ConfigureAwait(false);
            if (log.Fatal is { } fatal)
            {
                if (fatal.Contains(Cnpg.RecoveryMarkers.TargetUnreachable, StringComparison.Ordinal))
                {
                    throw new ApplicationFailureException($"local restore: {fatal} (last WAL restored: {log.LastRestoredFile ?? "none"})", errorType: Cnpg.ClusterFailureTypes.RecoveryTargetUnreachable, nonRetryable: true);
                }

                throw new DrException($"local restore: PostgreSQL stopped: {fatal}");
            }

            if (log.Promoted && log.ReadyForConnections)
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new DrException($"local restore: not promoted within {timeout} ({log.WalFilesRestored} WAL files restored, last line: {log.LastLine})");
            }

            if (ActivityExecutionContext.HasCurrent)
            {
                ActivityExecutionContext.Current.Heartbeat(new { log.WalFilesRestored, log.LastRestoredFile });
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
        }
    }

    private string[] S3Args() => string.IsNullOrEmpty(s3.Options.ServiceUrl)
        ? ["--cloud-provider", "aws-s3"]
        : ["--endpoint-url", s3.Options.ServiceUrl, "--cloud-provider", "aws-s3"];

    private string S3Destination(string database) => s3.Options.DestinationPath(database);

    /// <summary>Credentials stay in the environment the server inherits, never in a config file.</summary>
    private string RestoreCommand(LocalRestoreRequest request) =>
        $"barman-cloud-wal-restore {string.Join(' ', S3Args())} {S3Destination(request.Database)} {request.Lineage} %f %p";

    private static Task RunBarmanAsync(string[] command, LocalRestoreOptions o, TimeSpan timeout, CancellationToken ct) =>
        RunAsync(RestoreTools.Which(command[0]), command[1..], o, timeout, ct);

    private static async Task RunAsync(string file, string[] args, LocalRestoreOptions o, TimeSpan timeout, CancellationToken ct)
    {
        var result = await ProcessRunner.RunAsync(file, args, o.RunAsUser, timeout, ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var why = (result.StdErr + result.StdOut).Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? "no output";
            throw new DrException($"{Path.GetFileName(file)} failed ({result.ExitCode}): {why}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
