using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace CnpgDrTemporal.Activities.Backups;

/// <summary>One S3 object as listed: key, size and the time it was archived.</summary>
public sealed record S3Entry(string Key, long Size, DateTimeOffset LastModified);

/// <summary>One page of a listing: objects, common prefixes and whether more follow.</summary>
public sealed record S3Page(IReadOnlyList<S3Entry> Objects, IReadOnlyList<string> Prefixes, bool Truncated, string? ContinuationToken);

/// <summary>
/// Read-only access to the backup bucket. Counts requests (the catalog's speed budget) and turns
/// transport and auth failures into one-line errors naming endpoint and bucket, never the key.
/// </summary>
public sealed class BucketReader(IAmazonS3 client, string bucket, string endpoint)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Call, TimeSpan Took)> calls = new();

    public string Bucket => bucket;

    public int Requests => calls.Count;

    /// <summary>Every request made, with how long it took: the catalog's speed budget, measurable.</summary>
    public IReadOnlyCollection<(string Call, TimeSpan Took)> Calls => calls;

    public async Task<S3Page> ListPageAsync(string prefix, string? delimiter = null, string? startAfter = null, int maxKeys = 1000, string? continuationToken = null, CancellationToken ct = default)
    {
        var request = new ListObjectsV2Request
        {
            BucketName = bucket,
            Prefix = prefix,
            Delimiter = delimiter,
            StartAfter = startAfter,
            MaxKeys = maxKeys,
            ContinuationToken = continuationToken,
        };
        var response = await CallAsync($"list {prefix} delimiter={delimiter} startAfter={startAfter} max={maxKeys}", () => client.ListObjectsV2Async(request, ct)).ConfigureAwait(false);
        var objects = (response.S3Objects ?? []).Select(o => new S3Entry(o.Key, o.Size ?? 0, new DateTimeOffset(o.LastModified ?? DateTime.MinValue))).ToList();
        return new S3Page(objects, response.CommonPrefixes ?? [], response.IsTruncated == true, response.NextContinuationToken);
    }

    /// <summary>Every object and prefix under <paramref name="prefix"/>, following continuation tokens.</summary>
    public async Task<S3Page> ListAllAsync(string prefix, string? delimiter = null, string? startAfter = null, Func<S3Entry, bool>? stopAfter = null, CancellationToken ct = default)
    {
        var objects = new List<S3Entry>();
        var prefixes = new List<string>();
        string? token = null;
        do
        {
            var page = await ListPageAsync(prefix, delimiter, token is null ? startAfter : null, 1000, token, ct).ConfigureAwait(false);
            objects.AddRange(page.Objects);
            prefixes.AddRange(page.Prefixes);
            if (stopAfter is not null && page.Objects.Any(stopAfter))
            {
                return new S3Page(objects, prefixes, page.Truncated, page.ContinuationToken);
            }

            token = page.Truncated ? page.ContinuationToken : null;
        }
        while (token is not null);
        return new S3Page(objects, prefixes, false, null);
    }

    public async Task<string> GetTextAsync(string key, CancellationToken ct = default)
    {
        using var response = await CallAsync($"get {key}", () => client.GetObjectAsync(bucket, key, ct)).ConfigureAwait(false);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams one object into <paramref name="consume"/> on the calling thread, with blocking reads: for a
    /// dedicated thread that decompresses as it reads, where every awaited read of a socket would wake the
    /// thread pool. Cancelling aborts the read. Nothing is buffered whole in memory.
    /// </summary>
    public void Read(string key, Action<Stream> consume, CancellationToken ct = default)
    {
        using var response = CallAsync($"get {key}", () => client.GetObjectAsync(bucket, key, ct)).GetAwaiter().GetResult();
        using var abort = ct.Register(response.Dispose);
        consume(response.ResponseStream);
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await TranslateAsync(call).ConfigureAwait(false);
        }
        finally
        {
            calls.Enqueue((what, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
        }
    }

    private async Task<T> TranslateAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            throw new DrException($"bucket '{bucket}' does not exist at {endpoint}", e);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "InvalidToken" or "ExpiredToken")
        {
            throw new DrException($"S3 at {endpoint} refused access to bucket '{bucket}' ({e.ErrorCode}): check the credentials", e);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            throw;
        }
        catch (AmazonS3Exception e)
        {
            throw new DrException($"S3 at {endpoint}, bucket '{bucket}': {e.ErrorCode ?? e.StatusCode.ToString()}", e);
        }
        catch (AmazonServiceException e) when (e.InnerException is HttpRequestException or SocketException or IOException or TaskCanceledException)
        {
            throw new DrException($"S3 endpoint {endpoint} is unreachable (bucket '{bucket}'): {e.InnerException.Message}", e);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException or AmazonClientException)
        {
            throw new DrException($"S3 endpoint {endpoint} is unreachable (bucket '{bucket}'): {FirstLine(e.Message)}", e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
