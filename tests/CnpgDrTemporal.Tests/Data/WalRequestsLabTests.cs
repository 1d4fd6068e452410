using Amazon.S3.Model;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data;
using CnpgDrTemporal.Activities.Data.Prefetch;
using CnpgDrTemporal.Tests.Support;
using Microsoft.Extensions.Options;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>
/// restore_command's requests answered from the lab's real archive (written by barman-cloud-wal-archive
/// --gzip): a segment arrives byte for byte as barman-cloud-wal-restore writes it, written sparse; names
/// S3 does not hold are answered "absent"; anything Barman might read differently is referred to it.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class WalRequestsLabTests(LabFixture lab) : IDisposable
{
    private const string Lineage = "app-database-v1";
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"cnpg-dr-requests-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_segment_is_answered_byte_for_byte_as_barman_restores_it_and_sparse()
    {
        var (requests, spool) = await RequestsAsync("cnpg");

        // The first segment closed by a switch: mostly zeros, which must be holes, not written blocks.
        string? name = null;
        byte[] ours = [];
        foreach (var candidate in (await SegmentKeysAsync()).Take(12))
        {
            var answer = await requests.AnswerAsync(candidate.Name, default);
            Assert.Equal(WalAnswerKind.Found, answer.Kind);
            ours = await File.ReadAllBytesAsync(spool.PartPath(candidate.Name));
            if (ZeroPages(ours) > ours.Length / 8192 / 2)
            {
                name = candidate.Name;
                break;
            }
        }

        Assert.NotNull(name);
        var barman = Path.Combine(dir, "barman-" + name);
        var restored = await ProcessRunner.RunAsync(RestoreTools.Which("barman-cloud-wal-restore"), ["--endpoint-url", lab.Endpoint, "--cloud-provider", "aws-s3", $"s3://{lab.Bucket}/cnpg/app/", Lineage, name, barman], null, TimeSpan.FromMinutes(1), default);
        Assert.Equal(0, restored.ExitCode);
        Assert.Equal(16 << 20, ours.Length);
        var theirs = await File.ReadAllBytesAsync(barman);
        Assert.True(ours.AsSpan().SequenceEqual(theirs), "the prefetched segment differs from barman-cloud-wal-restore's");

        var blocks = await ProcessRunner.RunAsync("stat", ["-c", "%b %B", spool.PartPath(name)], null, TimeSpan.FromSeconds(10), default);
        var parts = blocks.StdOut.Trim().Split(' ').Select(long.Parse).ToArray();
        var dataBytes = (long)(ours.Length / 8192 - ZeroPages(ours)) * 8192;
        Assert.True(parts[0] * parts[1] <= dataBytes + (64 << 10), $"{parts[0] * parts[1]} bytes allocated for {dataBytes} bytes of non-zero pages");
    }

    [Fact]
    public async Task Names_the_archive_does_not_hold_are_answered_absent()
    {
        var (requests, _) = await RequestsAsync("cnpg");

        Assert.Equal(WalAnswerKind.Absent, (await requests.AnswerAsync("00000009.history", default)).Kind);
        Assert.Equal(WalAnswerKind.Absent, (await requests.AnswerAsync("0000000100000000000000FE", default)).Kind);
    }

    [Fact]
    public async Task The_segment_a_backup_began_in_is_found_though_the_backup_label_sits_beside_it()
    {
        // CI saw this one go to Barman: a request for the backup's first segment came before the read-ahead
        // had listed it, and the label (NAME.00000028.backup.gz) made two candidates.
        var (requests, spool) = await RequestsAsync("cnpg");
        using var s3 = lab.WritableClient();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = lab.Bucket, Prefix = $"cnpg/app/{Lineage}/wals/0000000100000000/" });
        var labels = listing.S3Objects.Select(o => o.Key[(o.Key.LastIndexOf('/') + 1)..]).Where(k => k.Contains(".backup", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(labels);

        foreach (var name in labels.Select(l => l[..24]))
        {
            var answer = await requests.AnswerAsync(name, default);

            Assert.True(answer.Kind == WalAnswerKind.Found, $"{name}: {answer}");
            Assert.Equal(16 << 20, new FileInfo(spool.PartPath(name)).Length);
        }
    }

    [Fact]
    public async Task A_partial_segment_or_an_unknown_name_is_left_to_barman()
    {
        var scratch = $"tests-requests-{Guid.NewGuid():N}";
        using var s3 = lab.WritableClient();
        var source = await FirstSegmentKeyAsync();
        var partialKey = $"{scratch}/app/{Lineage}/wals/{source.Segment.Folder}/{source.Name}.partial";
        await s3.CopyObjectAsync(lab.Bucket, source.Key, lab.Bucket, partialKey);
        try
        {
            var (requests, _) = await RequestsAsync(scratch);

            var partial = await requests.AnswerAsync(source.Name, default);
            var backupLabel = await requests.AnswerAsync($"{source.Name}.00000028.backup", default);

            Assert.Equal(WalAnswerKind.Referred, partial.Kind);
            Assert.Contains(".partial", partial.Why, StringComparison.Ordinal);
            Assert.Equal(WalAnswerKind.Referred, backupLabel.Kind);
        }
        finally
        {
            await s3.DeleteObjectAsync(lab.Bucket, partialKey);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task<(WalRequests Requests, WalSpool Spool)> RequestsAsync(string prefix)
    {
        Directory.CreateDirectory(dir);
        var bucket = new BucketReaderFactory(Options.Create(lab.S3Options(prefix))).Create();
        var plan = new WalPrefetchPlan($"{prefix}/app/{Lineage}/wals/", WalSegment.Parse("000000010000000000000001"), WalPrefetchRun.DefaultSegmentBytes, lab.Fact("systemid_main"), null);
        var spool = new WalSpool(dir, 64L << 20, WalPrefetchRun.DefaultSegmentBytes);
        return (new WalRequests(bucket, plan, spool, new WalDownloader(bucket, plan)), spool);
    }

    private async Task<(string Key, string Name, WalSegment Segment)> FirstSegmentKeyAsync() => (await SegmentKeysAsync())[0];

    private async Task<List<(string Key, string Name, WalSegment Segment)>> SegmentKeysAsync()
    {
        using var s3 = lab.WritableClient();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = lab.Bucket, Prefix = $"cnpg/app/{Lineage}/wals/0000000100000000/" });
        var segments = new List<(string Key, string Name, WalSegment Segment)>();
        foreach (var key in listing.S3Objects.Select(o => o.Key).Where(k => k.EndsWith(".gz", StringComparison.Ordinal)))
        {
            if (WalSegment.TryFromKey(key, out var segment))
            {
                segments.Add((key, segment.Name, segment));
            }
        }

        return segments;
    }

    private static int ZeroPages(byte[] file)
    {
        var zero = 0;
        for (var page = 0; page < file.Length; page += 8192)
        {
            zero += file.AsSpan(page, 8192).IndexOfAnyExcept((byte)0) < 0 ? 1 : 0;
        }

        return zero;
    }
}
