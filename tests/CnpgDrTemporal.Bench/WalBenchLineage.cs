using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using CnpgDrTemporal.Activities.Data;
using Npgsql;

namespace CnpgDrTemporal.Bench;

/// <summary>
/// Writes (once) a lineage of at least <c>segments</c> WAL segments with the real archiver: a scratch
/// PostgreSQL archiving with <c>barman-cloud-wal-archive --gzip</c>, one <c>barman-cloud-backup</c>,
/// then a batch of rows and a WAL switch per segment.
/// </summary>
public static class WalBenchLineage
{
    public const string Database = "walbench";
    public const string ServerName = "walbench-database-v1";

    public static async Task EnsureAsync(IAmazonS3 s3, string bucket, string prefix, string endpoint, int segments, string pgBin)
    {
        var marker = $"{prefix}/{Database}-ready-{segments}";
        if ((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = marker, MaxKeys = 1 })).KeyCount > 0)
        {
            return;
        }

        var destination = $"s3://{bucket}/{prefix}/{Database}/";
        Console.WriteLine($"archiving {segments} WAL segments into {destination}{ServerName} with barman-cloud-wal-archive (once) ...");
        var root = Path.Combine(Path.GetTempPath(), $"cnpg-dr-walbench-{Guid.NewGuid():N}"[..32]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        await Run("chown", ["postgres:", root], null);
        var port = 15600 + Random.Shared.Next(300);
        try
        {
            await Run(Path.Combine(pgBin, "initdb"), ["-D", data, "-U", "postgres", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8"], "postgres");
            var archive = $"barman-cloud-wal-archive --gzip --endpoint-url {endpoint} --cloud-provider aws-s3 {destination} {ServerName} %p";
            await File.AppendAllLinesAsync(Path.Combine(data, "postgresql.auto.conf"), [$"port = {port}", "listen_addresses = ''", $"unix_socket_directories = '{root}'", "archive_mode = on", $"archive_command = '{archive}'"]);
            await Run(Path.Combine(pgBin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "pg.log"), "-w", "start"], "postgres");
            var cs = $"Host={root};Port={port};Username=postgres;Database=postgres;Pooling=false";
            await Sql(cs, "create table orders(id bigserial primary key, payload text)");
            await Run("barman-cloud-backup", ["--user", "postgres", "--host", root, "--port", port.ToString(CultureInfo.InvariantCulture), "--endpoint-url", endpoint, "--cloud-provider", "aws-s3", "--gzip", "--immediate-checkpoint", destination, ServerName], "postgres", TimeSpan.FromMinutes(10));
            for (var i = 0; i < segments; i++)
            {
                await Sql(cs, "insert into orders(payload) select repeat(md5(i::text), 20) from generate_series(1, 2500) i; select pg_switch_wal()");
            }

            await Sql(cs, "select pg_switch_wal()");
            var deadline = DateTime.UtcNow.AddMinutes(20);
            while (await Count(cs, "select count(*) from pg_ls_archive_statusdir() where name like '%.ready'") > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("the archiver did not catch up in 20 minutes");
                }

                await Task.Delay(500);
            }

            await Run(Path.Combine(pgBin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], "postgres");
        }
        catch
        {
            await ProcessRunner.RunAsync(Path.Combine(pgBin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], "postgres", TimeSpan.FromMinutes(1), default);
            throw;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = marker, ContentBody = string.Empty });
    }

    private static async Task Run(string file, string[] args, string? asUser, TimeSpan? timeout = null)
    {
        var result = await ProcessRunner.RunAsync(ProcessRunner.Which(file) ?? file, args, asUser, timeout ?? TimeSpan.FromMinutes(2), default);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({result.ExitCode}): {result.StdErr}{result.StdOut}");
        }
    }

    private static async Task Sql(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Count(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
