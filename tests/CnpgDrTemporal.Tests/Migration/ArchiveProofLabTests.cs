using Amazon.S3;
using Amazon.S3.Model;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Migration;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CnpgDrTemporal.Tests.Migration;

/// <summary>
/// The S3 half of the migration proof against real lineages written by barman-cloud-backup and
/// barman-cloud-wal-archive: the lab's v1 is replayed into a scratch prefix in two halves (the state
/// before the change, then the WAL and backup that came after), so the lab's own lineages stay untouched.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ArchiveProofLabTests(LabFixture lab)
{
    private const string Lineage = "app-database-v1";

    [Fact]
    public async Task ANewSegmentAndANewBackupInTheSameLineageWithTheSameSystemIdProveIt()
    {
        var scratch = $"tests-migrate-{Guid.NewGuid():N}";
        using var s3 = lab.WritableClient();
        await using var services = lab.Services(new Dictionary<string, string?>
        {
            ["Dr:S3:Prefix"] = scratch,
            ["Dr:Migration:ArchivePoll"] = "00:00:00.200",
        });
        var prover = services.GetRequiredService<ArchiveProver>();
        try
        {
            var v1 = (await lab.CatalogReader().ReadAsync("app")).Find(Lineage)!;
            var first = v1.Backups.Single(b => b.BackupId == lab.Fact("v1_backup1"));
            var keys = await KeysAsync(s3, $"cnpg/app/{Lineage}/");
            var before = keys.Where(k => k.Contains($"/base/{first.BackupId}/", StringComparison.Ordinal) || IsWalUpTo(k, first.EndWal!)).ToList();
            await CopyAsync(s3, before, "cnpg/", $"{scratch}/");

            var mark = await prover.MarkAsync(new MarkArchiveRequest("app", Lineage), default);
            Assert.Equal([first.BackupId], mark.BackupIds);
            Assert.Equal([lab.Fact("systemid_main")], mark.SystemIds);
            Assert.Equal(first.EndWal, mark.LastWal);

            // Nothing archived since the mark: the bounded wait ends with the evidence, not proven.
            var stalled = await prover.ProveAsync(new ProveArchiveRequest("app", mark, lab.Fact("v1_backup2"), TimeSpan.FromSeconds(1)), default);
            Assert.False(stalled.Proven);
            Assert.Contains($"no WAL segment newer than {first.EndWal}", stalled.Detail, StringComparison.Ordinal);
            Assert.Contains("gave up after 00:00:01", stalled.Detail, StringComparison.Ordinal);

            // What the real tools wrote after: later segments and the second backup.
            await CopyAsync(s3, keys.Except(before).ToList(), "cnpg/", $"{scratch}/");
            var proof = await prover.ProveAsync(new ProveArchiveRequest("app", mark, lab.Fact("v1_backup2"), TimeSpan.FromSeconds(5)), default);
            Assert.True(proof.Proven, proof.Detail);
            Assert.Equal((lab.Fact("v1_last_wal"), lab.Fact("v1_backup2"), lab.Fact("systemid_main")), (proof.NewWal, proof.BackupId, proof.SystemId));

            // A backup of another database (v3's freshly initdb-ed cluster) in the same serverName is not a proof.
            var foreign = (await KeysAsync(s3, $"cnpg/app/app-database-v3/base/{lab.Fact("v3_backup_empty")}/")).ToList();
            await CopyAsync(s3, foreign, "cnpg/app/app-database-v3/", $"{scratch}/app/{Lineage}/");
            var wrong = await prover.ProveAsync(new ProveArchiveRequest("app", mark, lab.Fact("v3_backup_empty"), TimeSpan.FromSeconds(1)), default);
            Assert.False(wrong.Proven);
            Assert.Contains($"has systemid {lab.Fact("systemid_fresh")}, the lineage had {lab.Fact("systemid_main")}", wrong.Detail, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var key in await KeysAsync(s3, $"{scratch}/"))
            {
                await s3.DeleteObjectAsync(lab.Bucket, key);
            }
        }
    }

    private static bool IsWalUpTo(string key, string lastSegment)
    {
        var name = Path.GetFileName(key);
        return key.Contains("/wals/", StringComparison.Ordinal) && name.Length >= 24 && string.CompareOrdinal(name[..24], lastSegment) <= 0;
    }

    private async Task<List<string>> KeysAsync(AmazonS3Client s3, string prefix)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = lab.Bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return keys;
    }

    private async Task CopyAsync(AmazonS3Client s3, IReadOnlyList<string> keys, string from, string to)
    {
        foreach (var key in keys)
        {
            await s3.CopyObjectAsync(lab.Bucket, key, lab.Bucket, to + key[from.Length..]);
        }
    }
}
