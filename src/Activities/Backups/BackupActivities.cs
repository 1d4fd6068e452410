using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Backups;

public sealed record CatalogRequest(string Database, bool Deep = false);

public sealed record NextLineageRequest(string Database, string CurrentWriteLineage);

/// <summary>Read-only S3 activities: the catalog, the target check, the next write lineage.</summary>
public sealed class BackupActivities(BackupCatalogReader catalog, TargetChecker targets)
{
    [Activity]
    public Task<BackupCatalog> ReadCatalogAsync(CatalogRequest request) =>
        catalog.ReadAsync(request.Database, request.Deep, CancellationToken());

    [Activity]
    public Task<TargetCheckResult> CheckTargetAsync(TargetCheckRequest request) =>
        targets.CheckAsync(request, ct: CancellationToken());

    [Activity]
    public Task<string> NextWriteLineageAsync(NextLineageRequest request) =>
        catalog.NextWriteLineageAsync(request.Database, request.CurrentWriteLineage, CancellationToken());

    private static CancellationToken CancellationToken() =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;
}
