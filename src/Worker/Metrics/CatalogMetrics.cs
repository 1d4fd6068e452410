using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Status;
using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Worker.Metrics;

/// <summary>
/// One refresh of the per-database series: the databases of the GitOps repo, each one's catalog and
/// last drill. A source that does not answer is logged and leaves its series as they were
/// (<c>catalog_read_success</c> 0 for S3), never fails the worker. Without a drill history (no
/// Temporal) the drill series are left out.
/// </summary>
public sealed class CatalogMetrics(StatusReader repo, BackupCatalogReader catalogs, IDrillHistory? drills, CatalogGauges gauges, TimeProvider clock, ILogger logger)
{
    /// <summary>Reads every database once; returns how many were read from S3.</summary>
    public async Task<int> RefreshAsync(CancellationToken ct)
    {
        var read = 0;
        foreach (var (db, layout, problem) in repo.ReadRepo(ct))
        {
            if (problem is not null)
            {
                logger.LogWarning("metrics: {Database}: {Problem}", db, problem);
            }

            try
            {
                var catalog = await catalogs.ReadAsync(db, ct: ct).ConfigureAwait(false);
                gauges.PublishCatalog(db, layout?.WriteLineage, catalog, clock.GetUtcNow());
                read++;
            }
            catch (DrException e)
            {
                logger.LogWarning("metrics: catalog of {Database} unavailable: {Error}", db, e.Message);
                gauges.PublishRead(db, success: false, clock.GetUtcNow());
            }

            if (drills is null)
            {
                continue;
            }

            try
            {
                gauges.PublishDrill(db, await drills.LastAsync(db, ct).ConfigureAwait(false));
            }
            catch (DrException e)
            {
                logger.LogWarning("metrics: last drill of {Database} unavailable: {Error}", db, e.Message);
            }
        }

        return read;
    }
}
