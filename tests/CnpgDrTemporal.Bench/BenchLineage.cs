using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Bench;

/// <summary>Writes (once) a lineage of empty WAL objects with three base backups spread over it.</summary>
public static class BenchLineage
{
    public static async Task EnsureAsync(IAmazonS3 s3, string bucket, string prefix, int walKeys)
    {
        var marker = $"{prefix}bench-ready-{walKeys}";
        var existing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = marker, MaxKeys = 1 });
        if (existing.KeyCount > 0)
        {
            return;
        }

        Console.WriteLine($"writing {walKeys:N0} WAL keys under s3://{bucket}/{prefix} (once) ...");
        var backupsAt = new[] { 10L, walKeys / 2L, walKeys - 100L };
        foreach (var at in backupsAt)
        {
            var seg = new WalSegment(1, at);
            var id = $"20260101T{at % 240000:D6}";
            var info = string.Create(CultureInfo.InvariantCulture, $"status=DONE\nbegin_wal={seg.Name}\nend_wal={seg.Name}\nbegin_time=2026-01-01 00:00:00+00:00\nend_time=2026-01-01 00:00:10+00:00\ntimeline=1\nsystemid=7000000000000000001\nversion=150018\n");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"{prefix}base/{id}/backup.info", ContentBody = info });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"{prefix}base/{id}/data.tar", ContentBody = new string('x', 4096) });
        }

        await Parallel.ForEachAsync(Enumerable.Range(1, walKeys), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, ct) =>
        {
            var seg = new WalSegment(1, i);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"{prefix}wals/{seg.Folder}/{seg.Name}.gz", ContentBody = string.Empty }, ct);
        });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = marker, ContentBody = string.Empty });
    }
}
