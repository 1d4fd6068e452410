using System.Text.RegularExpressions;
using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>How a request from restore_command was answered.</summary>
public enum WalAnswerKind
{
    /// <summary>Downloaded and checked into the spool's part file: place it.</summary>
    Found,

    /// <summary>S3 has nothing under the name: restore_command fails at once, as Barman would.</summary>
    Absent,

    /// <summary>Something we do not read with certainty (a .partial, two candidates, a refused check): Barman decides.</summary>
    Referred,
}

/// <summary>One answer; <see cref="Why"/> says why a request was referred to Barman.</summary>
public sealed record WalAnswer(string Name, WalAnswerKind Kind, string? Why = null);

/// <summary>
/// Answers what PostgreSQL asks for beyond the read-ahead: the history files it probes at start and at
/// promotion, the segment after the last one, the last one again. Each answer is one S3 listing of the
/// name, as <c>barman-cloud-wal-restore</c> makes, but without starting Python: about a second each on
/// a small machine, several per restore.
/// </summary>
public sealed partial class WalRequests(BucketReader bucket, WalPrefetchPlan plan, WalSpool spool, WalDownloader downloader)
{
    public async Task<WalAnswer> AnswerAsync(string name, CancellationToken ct)
    {
        try
        {
            WalSegment? segment = WalSegment.TryParseName(name, out var s) ? s : null;
            var key = segment is { } seg ? $"{plan.WalsPrefix}{seg.Folder}/{name}"
                : HistoryFile().IsMatch(name) ? plan.WalsPrefix + name
                : null;
            if (key is null)
            {
                return new(name, WalAnswerKind.Referred, "not a segment or history file");
            }

            var page = await bucket.ListPageAsync(key, maxKeys: 10, ct: ct).ConfigureAwait(false);

            // The label a backup leaves beside the segment it began in (NAME.00000028.backup.gz) shares the
            // name as prefix; Barman skips it, and so do we.
            var candidates = page.Objects.Where(o => !BackupLabel().IsMatch(o.Key[key.Length..])).ToList();
            if (candidates.Count == 0)
            {
                return new(name, WalAnswerKind.Absent);
            }

            // Only the name itself, or with a compression we read; Barman also takes a .partial, and picks among several.
            if (candidates.Count > 1 || WalCompression.ReaderForSuffix(candidates[0].Key[key.Length..]) is not { } reader)
            {
                return new(name, WalAnswerKind.Referred, $"{string.Join(", ", candidates.Select(o => o.Key[(o.Key.LastIndexOf('/') + 1)..]))} in the archive");
            }

            var problem = await downloader.DownloadAsync(candidates[0].Key, reader, spool.PartPath(name), segment, ct).ConfigureAwait(false);
            return problem is null ? new(name, WalAnswerKind.Found) : new(name, WalAnswerKind.Referred, problem);
        }
        catch (Exception e)
        {
            // Whatever went wrong (S3, disk, cancellation), Barman can still try.
            return new(name, WalAnswerKind.Referred, SecretScrubber.Scrub(e.Message));
        }
    }

    [GeneratedRegex("^[0-9A-F]{8}\\.history$")]
    private static partial Regex HistoryFile();

    /// <summary>What follows a segment's name in the key of a backup label, compressed or not.</summary>
    [GeneratedRegex("^\\.[0-9A-F]{8}\\.backup(\\.[a-z0-9]+)?$")]
    private static partial Regex BackupLabel();
}
