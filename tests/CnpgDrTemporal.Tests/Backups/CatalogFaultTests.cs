using Amazon.S3.Model;
using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Tests.Support;

namespace CnpgDrTemporal.Tests.Backups;

/// <summary>Bad endpoints, credentials, buckets and objects: one clear line, nothing written.</summary>
[Collection(LabCollection.Name)]
public sealed class CatalogFaultTests(LabFixture lab)
{
    [Fact]
    public async Task UnreachableEndpointNamesEndpointAndBucket()
    {
        var options = lab.S3Options();
        options.ServiceUrl = "http://127.0.0.1:9";
        options.RequestTimeout = TimeSpan.FromSeconds(3);
        var e = await Assert.ThrowsAsync<DrException>(() => lab.CatalogReader(options).ReadAsync("app"));
        Assert.Contains("http://127.0.0.1:9", e.Message, StringComparison.Ordinal);
        Assert.Contains("postgres-backups", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(lab.Fact("accessKey"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingBucketIsNamed()
    {
        var options = lab.S3Options();
        options.Bucket = "no-such-bucket";
        var e = await Assert.ThrowsAsync<DrException>(() => lab.CatalogReader(options).ReadAsync("app"));
        Assert.Contains("'no-such-bucket' does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongCredentialsAreRefusedWithoutEchoingThem()
    {
        var options = lab.S3Options();
        options.Profile = "cnpg-dr-test-wrong";
        var credentialsFile = Path.Combine(Path.GetTempPath(), $"cnpg-dr-creds-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(credentialsFile, "[cnpg-dr-test-wrong]\naws_access_key_id = WRONGKEYID\naws_secret_access_key = wrong-secret-value\n");
        options.ProfilesLocation = credentialsFile;
        try
        {
            var e = await Assert.ThrowsAsync<DrException>(() => lab.CatalogReader(options).ReadAsync("app"));
            Assert.Contains("refused access", e.Message, StringComparison.Ordinal);
            Assert.Contains(lab.Endpoint, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-secret-value", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("WRONGKEYID", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(credentialsFile);
        }
    }

    [Fact]
    public async Task MalformedBackupInfoIsListedAsUnreadableAndTheRestStillPrints()
    {
        using var s3 = lab.WritableClient();
        var prefix = $"tests-{Guid.NewGuid():N}";
        var lineage = $"{prefix}/broken/broken-database-v1/";
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = lab.Bucket, Key = lineage + "base/20260101T000000/backup.info", ContentBody = "status=DONE\nbegin_wal=nonsense\n" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = lab.Bucket, Key = lineage + "base/20260101T000000/data.tar", ContentBody = "x" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = lab.Bucket, Key = lineage + "base/20260102T000000/backup.info", ContentBody = "status=DONE\nbegin_wal=000000010000000000000002\nend_wal=000000010000000000000002\nend_time=2026-01-02 00:00:05+00:00\nsystemid=42\ntimeline=1\nversion=150018\n" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = lab.Bucket, Key = lineage + "wals/0000000100000000/000000010000000000000002.gz", ContentBody = string.Empty });
        var options = lab.S3Options(prefix);
        var catalog = await lab.CatalogReader(options).ReadAsync("broken");
        var l = Assert.Single(catalog.Lineages);
        var broken = l.Backups.Single(b => b.BackupId == "20260101T000000");
        var unreadable = Assert.Single(broken.Verdicts);
        Assert.Equal(VerdictCodes.Unreadable, unreadable.Code);
        Assert.Contains("begin_wal 'nonsense'", unreadable.Evidence, StringComparison.Ordinal);
        Assert.Contains(VerdictCodes.DataBearing, l.Backups.Single(b => b.BackupId == "20260102T000000").Verdicts.Select(v => v.Code));
    }

    [Fact]
    public async Task TheCatalogNeverWrites()
    {
        using var s3 = lab.WritableClient();
        var before = await CountAsync(s3);
        await lab.CatalogReader().ReadAsync("app", deep: true);
        await lab.TargetChecker().CheckAsync(new TargetCheckRequest("app", "app-database-v1"));
        Assert.Equal(before, await CountAsync(s3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    public async Task BadDatabaseNamesAreRefusedBeforeAnyRequest(string db)
    {
        var e = await Assert.ThrowsAsync<DrException>(() => lab.CatalogReader().ReadAsync(db));
        Assert.Contains("is not a database name", e.Message, StringComparison.Ordinal);
    }

    private async Task<(int Count, string Last)> CountAsync(Amazon.S3.AmazonS3Client s3)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = lab.Bucket, Prefix = "cnpg/", ContinuationToken = token });
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key + o.ETag));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return (keys.Count, string.Join(",", keys).GetHashCode(StringComparison.Ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
