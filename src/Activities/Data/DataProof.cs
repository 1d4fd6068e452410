namespace CnpgDrTemporal.Activities.Data;

/// <summary>The data proof: baseline before, validation after, and local restores for drills.</summary>
public sealed class DataProof(DatabaseConnector connector, DataSettings settings, LocalRestorer restorer)
{
    public async Task<Baseline> CaptureBaselineAsync(string database, CancellationToken ct)
    {
        await using var connection = await connector.OpenAsync(database, ct).ConfigureAwait(false);
        return await BaselineReader.ReadAsync(connection, database, settings.Rules(database).ExactCountLimit, ct).ConfigureAwait(false);
    }

    public async Task<ValidationReport> ValidateAsync(ValidateRequest request, CancellationToken ct)
    {
        var sql = settings.Sql(request.Database);
        await using var connection = await connector.OpenAsync(request.Database, ct).ConfigureAwait(false);
        return await SqlValidator.ValidateAsync(connection, request.Database, $"{sql.Host}:{sql.Port}/{sql.Database}", request.Expectation, settings.Rules(request.Database), ct).ConfigureAwait(false);
    }

    public Task<LocalRestoreReport> RestoreLocalAsync(LocalRestoreRequest request, CancellationToken ct) =>
        restorer.RestoreAsync(request, ct);
}
