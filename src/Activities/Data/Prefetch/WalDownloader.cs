using System.Buffers;
using CnpgDrTemporal.Activities.Backups;
using Microsoft.Win32.SafeHandles;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>
/// One WAL file from the archive into a part file of the spool: decompressed as it streams, written
/// sparse, then checked when it is a segment. The server replays on the same few cores, so each
/// download costs as little CPU as it can: its own thread with blocking reads (no thread-pool wake-up
/// per socket read), and all-zero pages skipped (a segment closed early by archive_timeout or a switch
/// is mostly zeros, and copying them into the page cache only to write them back is wasted work).
/// </summary>
public sealed class WalDownloader(BucketReader bucket, WalPrefetchPlan plan)
{
    private const int Page = 8192;
    private const int Chunk = 1 << 16;

    /// <summary>Null when the part file holds the file, checked; otherwise why it was not kept (the caller leaves it to Barman).</summary>
    public Task<string?> DownloadAsync(string key, Func<Stream, Stream> reader, string part, WalSegment? segment, CancellationToken ct) =>
        Task.Factory.StartNew(() => Download(key, reader, part, segment, ct), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private string? Download(string key, Func<Stream, Stream> reader, string part, WalSegment? segment, CancellationToken ct)
    {
        ReplayFirst.LowerThisThread();
        try
        {
            // Created before the first byte arrives: restore_command waits for a part file instead of asking.
            using (var file = File.OpenHandle(part, FileMode.Create, FileAccess.Write, FileShare.Read))
            {
                bucket.Read(key, body =>
                {
                    using var input = reader(body);
                    WriteSparse(input, file);
                }, ct);
            }

            return segment is { } s ? WalFileCheck.Problem(part, s, plan.SegmentBytes, plan.SystemId) : null;
        }
        catch (Exception e)
        {
            return SecretScrubber.Scrub(e.Message);
        }
    }

    /// <summary>Writes every 8 KiB page that holds a non-zero byte at its offset; the length covers the rest as a hole.</summary>
    private static void WriteSparse(Stream input, SafeFileHandle file)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            long offset = 0;
            int filled;
            while ((filled = input.ReadAtLeast(buffer.AsSpan(0, Chunk), Chunk, throwOnEndOfStream: false)) > 0)
            {
                var start = -1;
                for (var page = 0; ; page += Page)
                {
                    var data = page < filled && buffer.AsSpan(page, Math.Min(Page, filled - page)).IndexOfAnyExcept((byte)0) >= 0;
                    if (data && start < 0)
                    {
                        start = page;
                    }
                    else if (!data && start >= 0)
                    {
                        // One write per run of pages with data.
                        RandomAccess.Write(file, buffer.AsSpan(start, Math.Min(page, filled) - start), offset + start);
                        start = -1;
                    }

                    if (page >= filled)
                    {
                        break;
                    }
                }

                offset += filled;
            }

            RandomAccess.SetLength(file, offset);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
