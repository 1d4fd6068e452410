using System.Net.Sockets;
using Npgsql;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>
/// Opens Npgsql connections with the password resolved here, never carried in a request.
/// Failures become one line naming host, port, database and user, never the password; the Npgsql
/// exception travels on only as a scrubbed copy (<see cref="SecretScrubber.Sanitize"/>), with the
/// password remembered by <see cref="SecretScrubber"/> so it is masked wherever it could surface.
/// </summary>
public sealed class DatabaseConnector(DataSettings settings, IServiceProvider services)
{
    public async Task<NpgsqlConnection> OpenAsync(string database, CancellationToken ct)
    {
        var sql = settings.Sql(database);
        var password = await ResolvePasswordAsync(database, sql, ct).ConfigureAwait(false);
        return await OpenAsync(sql, password, ct).ConfigureAwait(false);
    }

    public static async Task<NpgsqlConnection> OpenAsync(SqlOptions sql, string? password, CancellationToken ct)
    {
        // Every password, however resolved (env, file, Secret, a drill's Secret), passes here.
        SecretScrubber.Remember(password);
        var where = $"{sql.Username}@{sql.Host}:{sql.Port}/{sql.Database}";
        NpgsqlConnection connection;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = sql.Host,
                Port = sql.Port,
                Database = sql.Database,
                Username = sql.Username,
                Password = password,
                Timeout = sql.ConnectTimeoutSeconds,
                CommandTimeout = sql.CommandTimeoutSeconds,
                Pooling = false,
                ApplicationName = "cnpg-dr",
            };
            connection = new NpgsqlConnection(builder.ConnectionString);
        }
        catch (ArgumentException e)
        {
            // The text of a connection-string error may quote the connection string.
            throw new DrException($"invalid connection settings for {where}: {SecretScrubber.Scrub(e.Message, password)}", SecretScrubber.Sanitize(e, password));
        }

        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new DrException($"authentication failed for {where}: check the configured password source", SecretScrubber.Sanitize(e, password));
        }
        catch (NpgsqlException e) when (e is not PostgresException && e.Message.Contains("No password has been provided", StringComparison.Ordinal))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new DrException($"authentication failed for {where}: the server wants a password and none is configured", SecretScrubber.Sanitize(e, password));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new DrException($"database '{sql.Database}' does not exist at {sql.Host}:{sql.Port}", SecretScrubber.Sanitize(e, password));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException && !ct.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            var reason = e is NpgsqlException { InnerException: TimeoutException } or TimeoutException ? $"timed out after {sql.ConnectTimeoutSeconds}s" : SecretScrubber.Scrub(e.InnerException?.Message ?? e.Message, password);
            throw new DrException($"cannot reach PostgreSQL at {sql.Host}:{sql.Port} ({where}): {reason}", SecretScrubber.Sanitize(e, password));
        }
    }

    private async Task<string?> ResolvePasswordAsync(string database, SqlOptions sql, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(sql.PasswordEnvVar))
        {
            return Environment.GetEnvironmentVariable(sql.PasswordEnvVar)
                ?? throw new DrException($"environment variable {sql.PasswordEnvVar} (Dr:Databases:{database}:Sql:PasswordEnvVar) is not set");
        }

        if (!string.IsNullOrEmpty(sql.PasswordFile))
        {
            return File.Exists(sql.PasswordFile)
                ? (await File.ReadAllTextAsync(sql.PasswordFile, ct).ConfigureAwait(false)).TrimEnd('\r', '\n')
                : throw new DrException($"password file {sql.PasswordFile} (Dr:Databases:{database}:Sql:PasswordFile) does not exist");
        }

        if (!string.IsNullOrEmpty(sql.PasswordSecret))
        {
            var reader = services.GetService(typeof(ISecretReader)) as ISecretReader
                ?? throw new DrException("no Kubernetes connection to read Secret " + sql.PasswordSecret);
            var data = await reader.ReadAsync(settings.Namespace(database), sql.PasswordSecret, ct).ConfigureAwait(false);
            return data.TryGetValue("password", out var p) ? p : throw new DrException($"Secret {sql.PasswordSecret} has no 'password' key");
        }

        return null;
    }
}
