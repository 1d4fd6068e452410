using Npgsql;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>Reads identity, size and per-table row counts: exact up to a limit, planner estimates beyond.</summary>
public static class BaselineReader
{
    public static async Task<Baseline> ReadAsync(NpgsqlConnection connection, string database, long exactCountLimit, CancellationToken ct)
    {
        string systemId;
        int timeline;
        string version;
        long size;
        await using (var cmd = new NpgsqlCommand(
            "select (select system_identifier::text from pg_control_system()), (select timeline_id from pg_control_checkpoint()), current_setting('server_version'), pg_database_size(current_database())",
            connection))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await r.ReadAsync(ct).ConfigureAwait(false);
            systemId = r.GetString(0);
            timeline = r.GetInt32(1);
            version = r.GetString(2);
            size = r.GetInt64(3);
        }

        // On a standby pg_control_checkpoint lags; the replayed timeline is what counts there.
        var tables = await ReadTablesAsync(connection, exactCountLimit, ct).ConfigureAwait(false);
        return new Baseline(database, systemId, timeline, version, size, tables, DateTimeOffset.UtcNow);
    }

    private static async Task<List<TableRows>> ReadTablesAsync(NpgsqlConnection connection, long exactCountLimit, CancellationToken ct)
    {
        var estimates = new List<(string Schema, string Name, long Estimate)>();
        await using (var cmd = new NpgsqlCommand(
            """
            select n.nspname, c.relname,
                   -- never analyzed (reltuples < 0): guess from size, ~100 bytes a row
                   (case when c.reltuples >= 0 then c.reltuples else pg_relation_size(c.oid) / 100 end)::bigint
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p') and not c.relispartition
              and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
            order by 1, 2
            """,
            connection))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                estimates.Add((r.GetString(0), r.GetString(1), r.GetInt64(2)));
            }
        }

        var tables = new List<TableRows>();
        foreach (var (schema, name, estimate) in estimates)
        {
            if (estimate > exactCountLimit)
            {
                tables.Add(new TableRows(schema, name, estimate, Exact: false));
                continue;
            }

            await using var count = new NpgsqlCommand($"select count(*) from {Quote(schema)}.{Quote(name)}", connection);
            tables.Add(new TableRows(schema, name, (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!, Exact: true));
        }

        return tables;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
