using Temporalio.Activities;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>The data proof: baseline before, validation after, and local restores for drills.</summary>
public sealed class DataActivities(DatabaseConnector connector, DataSettings settings, LocalRestorer restorer)
{
    [Activity]
    public async Task<Baseline> CaptureBaselineAsync(BaselineRequest request)
    {
        var ct = CancellationToken();
        await using var connection = await connector.OpenAsync(request.Database, ct).ConfigureAwait(false);
        return await BaselineReader.ReadAsync(connection, request.Database, settings.Rules(request.Database).ExactCountLimit, ct).ConfigureAwait(false);
    }

    [Activity]
    public async Task<ValidationReport> ValidateAsync(ValidateRequest request)
    {
        var ct = CancellationToken();
        var sql = settings.Sql(request.Database);
        await using var connection = await connector.OpenAsync(request.Database, ct).ConfigureAwait(false);
        return await SqlValidator.ValidateAsync(connection, request.Database, $"{sql.Host}:{sql.Port}/{sql.Database}", request.Expectation, settings.Rules(request.Database), ct).ConfigureAwait(false);
    }

    [Activity]
    public Task<LocalRestoreReport> RestoreLocalAsync(LocalRestoreRequest request) =>
        restorer.RestoreAsync(request, CancellationToken());

    private static CancellationToken CancellationToken() =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : default;
}
