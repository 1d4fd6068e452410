using CnpgDrTemporal.Activities.Cnpg;
using CnpgDrTemporal.Activities.Git;
using CnpgDrTemporal.Activities.Kubernetes;
using System.Diagnostics;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;

namespace CnpgDrTemporal.Activities.Drills;

/// <summary>
/// A drill in a scratch Cluster created through the Kubernetes API (never through git): recover,
/// wait healthy, validate over SQL, then delete the Cluster and its PVCs, whatever happened. Every step
/// heartbeats every <c>Dr:Kubernetes:HeartbeatInterval</c>: the recovery watch with its progress, the
/// others with what they are doing.
/// </summary>
public sealed class ClusterDrill(
    BackupCatalogReader catalogs,
    CurrentWriteLineage currentLineage,
    TargetChecker targets,
    BucketReaderFactory s3,
    KubeApi api,
    RecoveryWatch watch,
    ClusterDelete delete,
    DataSettings settings,
    ISecretReader secrets,
    IOptions<ClusterDrillOptions> options,
    TimeProvider clock)
{
    public async Task<DrillReport> RunAsync(DrillInput input, CancellationToken ct)
    {
        var o = options.Value;
        var started = clock.GetUtcNow();
        var beat = api.Options.HeartbeatInterval;
        var catalog = await StepHeartbeat.WhileAsync($"reading the catalog of {input.Database}", beat, () => catalogs.ReadAsync(input.Database, ct: ct)).ConfigureAwait(false);
        var source = input.Lineage ?? await StepHeartbeat.WhileAsync($"reading the write lineage of {input.Database} from git", beat, () => currentLineage.DefaultSourceAsync(input.Database, catalog)).ConfigureAwait(false);
        var check = await StepHeartbeat.WhileAsync($"checking the restore target in {source ?? "the newest lineage"}", beat,
            () => targets.CheckAsync(new TargetCheckRequest(input.Database, source, input.BackupId, input.TargetTime), catalog, ct)).ConfigureAwait(false);
        var lastWal = check.Lineage is null ? null : catalog.Find(check.Lineage)?.Wal.LastArchivedAt;
        DrillReport Report(TimeSpan took, int wal, ValidationReport? v, string? failure) =>
            new(input.Database, DrillMode.Cluster, check.Lineage, check.BackupId, started, lastWal, lastWal is { } w ? started - w : null, took, wal, v, failure);
        if (!check.Reachable)
        {
            return Report(TimeSpan.Zero, 0, null, string.Join("; ", check.Reasons));
        }

        var run = ActivityRun.Tag();
        var name = ScratchCluster.NameFor(input.Database, started, run);
        var cluster = new ClusterRef(o.Namespace, name);
        var existing = await StepHeartbeat.WhileAsync($"checking that no Cluster {cluster} exists", beat, () => api.GetAsync(Crd.Cluster, o.Namespace, name, ct)).ConfigureAwait(false);
        // Our own Cluster, left by an attempt of this run that died: carry on with it (and delete it at the end).
        var ours = run is not null && existing?.Str("metadata", "labels", ScratchCluster.RunLabel) == run;
        if (existing is not null && !ours)
        {
            throw new ApplicationFailureException($"Cluster {cluster} already exists: a drill never reuses or replaces a Cluster it did not create", "DrillClusterExists", nonRetryable: true);
        }

        var sql = settings.Sql(input.Database);
        var manifest = ScratchCluster.Build(name, o.Namespace, input.Database, sql.Database, sql.Username, check, s3.Options, o, run);
        var took = Stopwatch.StartNew();
        try
        {
            if (!ours)
            {
                await StepHeartbeat.WhileAsync($"creating scratch Cluster {cluster} from {check.Lineage}@{check.BackupId}", beat, () => api.CreateAsync(Crd.Cluster, o.Namespace, manifest, ct)).ConfigureAwait(false);
            }

            // The watch heartbeats its own RecoveryProgress (restore job log, WAL files, Cluster phase).
            var recovered = await watch.RunAsync(cluster, null, ct).ConfigureAwait(false);
            took.Stop();
            var validation = await StepHeartbeat.WhileAsync($"validating scratch Cluster {cluster} over SQL", beat, () => ValidateAsync(input.Database, cluster, check, sql, ct)).ConfigureAwait(false);
            return Report(took.Elapsed, recovered.RestoredFiles, validation, null);
        }
        catch (Exception e) when (e is DrException or ApplicationFailureException && !ct.IsCancellationRequested)
        {
            return Report(took.Elapsed, watch.LastProgress?.RestoredFiles ?? 0, null, e.Message);
        }
        finally
        {
            // Also on failure and cancellation: a drill leaves nothing behind.
            await StepHeartbeat.WhileAsync($"deleting scratch Cluster {cluster} and its PVCs", beat, () => delete.RunAsync(cluster, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    private async Task<ValidationReport> ValidateAsync(string database, ClusterRef cluster, TargetCheckResult check, SqlOptions sql, CancellationToken ct)
    {
        var o = options.Value;
        var target = new SqlOptions { Host = o.Host ?? $"{cluster.Name}-rw.{cluster.Namespace}", Port = o.Port, Database = sql.Database, Username = sql.Username, ConnectTimeoutSeconds = sql.ConnectTimeoutSeconds };
        var password = (await secrets.ReadAsync(cluster.Namespace, $"{cluster.Name}-app", ct).ConfigureAwait(false)).GetValueOrDefault("password");
        await using var connection = await DatabaseConnector.OpenAsync(target, password, ct).ConfigureAwait(false);
        return await SqlValidator.ValidateAsync(connection, database, $"{cluster} from {check.Lineage}@{check.BackupId}", new ValidationExpectation(check.SystemId), settings.Rules(database), ct).ConfigureAwait(false);
    }
}
