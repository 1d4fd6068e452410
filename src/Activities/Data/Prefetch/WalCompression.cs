using System.IO.Compression;
using K4os.Compression.LZ4.Streams;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using Snappier;
using ZstdSharp;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>
/// The compressions <c>barman-cloud-wal-archive</c> writes, by the suffix it gives the object:
/// <c>.gz</c> (gzip), <c>.bz2</c> (bzip2), <c>.xz</c> (xz container), <c>.snappy</c> (snappy framing
/// format, python-snappy's <c>stream_compress</c>), <c>.lz4</c> (lz4 frame), <c>.zst</c> (zstd frame);
/// no suffix is a plain file. Anything else is left to Barman.
/// </summary>
public static class WalCompression
{
    /// <summary>The decompressing reader for a segment's object key, or null when the suffix is not one we read.</summary>
    public static Func<Stream, Stream>? ReaderFor(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return ReaderForSuffix(dot < 0 ? string.Empty : name[dot..]);
    }

    /// <summary>The reader for what follows the WAL file's own name in its key: "" (plain) or a compression suffix.</summary>
    public static Func<Stream, Stream>? ReaderForSuffix(string suffix) => suffix switch
    {
        "" => s => s,
        ".gz" => s => new GZipStream(s, CompressionMode.Decompress),
        ".bz2" => s => BZip2Stream.Create(s, SharpCompress.Compressors.CompressionMode.Decompress, false, false),
        ".xz" => s => new XZStream(s),
        ".snappy" => s => new SnappyStream(s, CompressionMode.Decompress),
        ".lz4" => s => LZ4Stream.Decode(s),
        ".zst" => s => new DecompressionStream(s),
        _ => null,
    };
}
