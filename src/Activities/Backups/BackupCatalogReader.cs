using Microsoft.Extensions.Logging;

namespace CnpgDrTemporal.Activities.Backups;

/// <summary>Builds the <see cref="BackupCatalog"/> of a database from S3. Never writes.</summary>
public sealed class BackupCatalogReader(BucketReaderFactory factory, ILogger<BackupCatalogReader> logger)
{
    public S3Options Options => factory.Options;

    public string DatabasePrefix(string database) => Options.DatabasePrefix(database);

    public Task<BackupCatalog> ReadAsync(string database, bool deep = false, CancellationToken ct = default) =>
        ReadAsync(database, deep, factory.Create(), ct);

    /// <summary>Reads through a given bucket reader, whose <see cref="BucketReader.Calls"/> then show the cost.</summary>
    public async Task<BackupCatalog> ReadAsync(string database, bool deep, BucketReader bucket, CancellationToken ct = default)
    {
        ValidateDatabaseName(database);
        var dbPrefix = DatabasePrefix(database);
        var serverNames = await ListLineagesAsync(bucket, dbPrefix, ct).ConfigureAwait(false);
        var reader = new LineageReader(bucket, Options);
        var facts = await Task.WhenAll(serverNames.Select(name => reader.ReadAsync($"{dbPrefix}{name}/", name, deep, ct))).ConfigureAwait(false);

        var lineages = CatalogVerdicts.Judge(facts, Options.SuspectEmptyRatio);
        logger.LogInformation("catalog of {Database}: {Lineages} lineage(s) in {Requests} S3 request(s)", database, lineages.Count, bucket.Requests);
        return new BackupCatalog(database, $"s3://{Options.Bucket}/{dbPrefix}", lineages, bucket.Requests);
    }

    /// <summary>The serverName folders under the database, ordered by lineage number.</summary>
    public static async Task<List<string>> ListLineagesAsync(BucketReader bucket, string dbPrefix, CancellationToken ct)
    {
        var listing = await bucket.ListAllAsync(dbPrefix, "/", ct: ct).ConfigureAwait(false);
        return listing.Prefixes
            .Select(p => p[dbPrefix.Length..].TrimEnd('/'))
            .OrderBy(n => LineageNames.NumberOf(n) ?? int.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The next write lineage after <paramref name="current"/> whose prefix is empty.</summary>
    public async Task<string> NextWriteLineageAsync(string database, string current, CancellationToken ct = default)
    {
        ValidateDatabaseName(database);
        var bucket = factory.Create();
        var dbPrefix = DatabasePrefix(database);
        var seen = await ListLineagesAsync(bucket, dbPrefix, ct).ConfigureAwait(false);
        var next = LineageNames.Next(current, seen);
        var probe = await bucket.ListPageAsync($"{dbPrefix}{next}/", maxKeys: 1, ct: ct).ConfigureAwait(false);
        if (probe.Objects.Count > 0)
        {
            throw new DrException($"next lineage {next} is not empty in s3://{Options.Bucket}/{dbPrefix}");
        }

        return next;
    }

    public static void ValidateDatabaseName(string database)
    {
        if (string.IsNullOrWhiteSpace(database) || database.Contains('/', StringComparison.Ordinal) || database.Contains("..", StringComparison.Ordinal))
        {
            throw new DrException($"'{database}' is not a database name");
        }
    }
}
