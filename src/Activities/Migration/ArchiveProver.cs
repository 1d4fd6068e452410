using CnpgDrTemporal.Activities.Backups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Migration;

/// <summary>The S3 half of the migration proof: a mark of the write lineage before, then a bounded wait until the catalog shows it archiving on.</summary>
public sealed class ArchiveProver(BackupCatalogReader catalogs, IOptions<MigrationOptions> options, TimeProvider clock, ILogger<ArchiveProver> logger)
{
    public async Task<ArchiveMark> MarkAsync(MarkArchiveRequest request, CancellationToken ct)
    {
        var catalog = await catalogs.ReadAsync(request.Database, ct: ct).ConfigureAwait(false);
        return ArchiveEvidence.Mark(request.Lineage, catalog.Find(request.Lineage));
    }

    /// <summary>Reads the catalog until the proof holds or <see cref="ProveArchiveRequest.Wait"/> passed; returns the last judgement.</summary>
    public async Task<ArchiveProof> ProveAsync(ProveArchiveRequest request, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + request.Wait;
        while (true)
        {
            var catalog = await catalogs.ReadAsync(request.Database, ct: ct).ConfigureAwait(false);
            var proof = ArchiveEvidence.Judge(request.Before, catalog.Find(request.Before.Lineage), request.BackupId);
            if (ActivityExecutionContext.HasCurrent)
            {
                ActivityExecutionContext.Current.Heartbeat(proof.Detail);
            }

            if (proof.Proven || clock.GetUtcNow() >= deadline)
            {
                logger.LogInformation("archive proof of {Database}: {Detail}", request.Database, proof.Detail);
                return proof.Proven ? proof : proof with { Detail = $"{proof.Detail}; gave up after {request.Wait}" };
            }

            await Task.Delay(options.Value.ArchivePoll, clock, ct).ConfigureAwait(false);
        }
    }
}
