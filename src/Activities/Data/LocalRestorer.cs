using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data.Prefetch;
using CnpgDrTemporal.Activities.Kubernetes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>
/// Restores a lineage into a throwaway PostgreSQL on 127.0.0.1 with the real Barman tools, proves the
/// data with <see cref="SqlValidator"/>, then stops it and deletes everything, whatever happened.
/// Inside an activity every step heartbeats what it is doing every <c>Dr:Kubernetes:HeartbeatInterval</c>
/// (catalog read, base backup download, WAL replay, validation, cleanup); outside one (CLI) it does not.
/// </summary>
public sealed class LocalRestorer(
    BackupCatalogReader catalogs,
    TargetChecker targets,
    BucketReaderFactory s3,
    DataSettings settings,
    IOptions<LocalRestoreOptions> options,
    IOptions<KubernetesOptions> heartbeat,
    ILogger<LocalRestorer> logger)
{
    public async Task<LocalRestoreReport> RestoreAsync(LocalRestoreRequest request, CancellationToken ct)
    {
        await using var beats = Beats(request);
        var instance = await StartAsync(request, null, beats, ct).ConfigureAwait(false);
        try
        {
            var sql = new SqlOptions { Host = instance.SocketDir, Port = instance.Port, Database = settings.Sql(request.Database).Database, Username = "postgres" };
            await using var connection = await DatabaseConnector.OpenAsync(sql, null, ct).ConfigureAwait(false);
            var backup = instance.Backup;
            var expectation = new ValidationExpectation(backup.SystemId, backup.Timeline, request.Baseline);
            var target = $"{request.Lineage}@{backup.BackupId}{(request.TargetTime is { } t ? " to " + t.ToString("O", CultureInfo.InvariantCulture) : " (latest)")}";
            beats.Report($"validating the restored {request.Database} ({target})");
            var validation = await SqlValidator.ValidateAsync(connection, request.Database, target, expectation, settings.Rules(request.Database), ct).ConfigureAwait(false);
            return new LocalRestoreReport(request.Database, request.Lineage, backup.BackupId, request.TargetTime, instance.Timings(), instance.Log.WalFilesRestored, instance.Log.ConsistentAt, validation, instance.Prefetch);
        }
        finally
        {
            // Stopping the server and deleting a large data dir takes a while too.
            beats.Report($"stopping the throwaway PostgreSQL and deleting its files ({request.Lineage}@{instance.Backup.BackupId})");
            await instance.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Restores and starts a throwaway instance, returning once it is promoted; the caller owns it
    /// (disposing stops it and deletes its files). <paramref name="onLogLine"/> sees every server log line.
    /// </summary>
    public async Task<RestoredInstance> StartAsync(LocalRestoreRequest request, Action<string>? onLogLine, CancellationToken ct)
    {
        await using var beats = Beats(request);
        return await StartAsync(request, onLogLine, beats, ct).ConfigureAwait(false);
    }

    private Heartbeats<string> Beats(LocalRestoreRequest request) =>
        new($"reading the catalog of {request.Database}", heartbeat.Value.HeartbeatInterval);

    private async Task<RestoredInstance> StartAsync(LocalRestoreRequest request, Action<string>? onLogLine, Heartbeats<string> beats, CancellationToken ct)
    {
        var o = options.Value;
        o.Validate();
        var catalog = await catalogs.ReadAsync(request.Database, ct: ct).ConfigureAwait(false);
        beats.Report($"checking the restore target in {request.Lineage}");
        var check = await targets.CheckAsync(new TargetCheckRequest(request.Database, request.Lineage, request.BackupId, request.TargetTime), catalog, ct).ConfigureAwait(false);
        var lineage = catalog.Find(request.Lineage);
        var backup = lineage?.Backups.FirstOrDefault(b => b.BackupId == check.BackupId);
        if (lineage is null || backup?.SystemId is null)
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
            // barman-cloud-restore says nothing until it is done: the ticker carries this line meanwhile.
            beats.Report($"downloading base backup {backup.BackupId} of {request.Lineage} ({Size(backup.SizeBytes)}) with barman-cloud-restore");
            await RunBarmanAsync(["barman-cloud-restore", .. S3Args(), S3Destination(request.Database), request.Lineage, backup.BackupId, work.DataDir], o, o.DownloadTimeout, ct).ConfigureAwait(false);
            instance.Downloaded();
            beats.Report($"starting PostgreSQL on the downloaded base backup {backup.BackupId}");
            var prefetch = WalPrefetchRun.Create(o, s3.Create(), s3.Options.DatabasePrefix(request.Database) + request.Lineage + "/", lineage, backup, request.TargetTime, work.SpoolDir, logger);
            var restoreCommand = prefetch?.RestoreCommand(RestoreCommand(request), o.SpoolWait) ?? RestoreCommand(request);
            await work.ConfigureRecoveryAsync(instance.Port, restoreCommand, request.TargetTime, ct).ConfigureAwait(false);
            if (prefetch is not null)
            {
                instance.Prefetching(prefetch);
            }

            await RunAsync(instance.PgCtl, ["-D", work.DataDir, "-l", work.LogFile, "-W", "start"], o, TimeSpan.FromMinutes(1), ct).ConfigureAwait(false);
            await WaitForPromotionAsync(instance.Log, o.ReplayTimeout, beats, ct).ConfigureAwait(false);
            await instance.PromotedAsync().ConfigureAwait(false);
            return instance;
        }
        catch
        {
            beats.Report($"deleting the failed restore of {request.Lineage}@{backup.BackupId}");
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Follows the server log until promotion; the FATAL of an unreachable target is not retryable.</summary>
    private static async Task WaitForPromotionAsync(PostgresLogFollower log, TimeSpan timeout, Heartbeats<string> beats, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        beats.Report(Replaying(log));
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

            beats.Update(Replaying(log));
            // Reading the new end of the log is cheap; the restore is over that much sooner after promotion.
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false);
        }
    }

    private static string Replaying(PostgresLogFollower log) =>
        $"replaying WAL: {log.WalFilesRestored} files restored{(log.LastRestoredFile is { } f ? ", last " + f : string.Empty)}";

    private static string Size(long bytes) =>
        bytes >= 1L << 30
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB");

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
