using System.Buffers.Binary;
using System.Diagnostics;
using CnpgDrTemporal.Activities.Backups;
using CnpgDrTemporal.Activities.Data.Prefetch;
using Snappier;

namespace CnpgDrTemporal.Tests.Data;

/// <summary>
/// Every suffix Barman gives a WAL object decompresses to the segment, and the check refuses a file that
/// is not the segment it is named after. gzip, bzip2, xz, zstd and lz4 come from the reference command-line
/// encoders (the same frames Python's modules write); snappy's framing format (python-snappy's stream format)
/// from Snappier, as no snappy tool is packaged.
/// </summary>
public sealed class WalCompressionTests : IDisposable
{
    private const long SegmentBytes = 16L << 20;
    private const string SystemId = "7715065827378823174";
    private static readonly WalSegment Segment = WalSegment.Parse("00000001000000020000003A");
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"cnpg-dr-walcomp-{Guid.NewGuid():N}");

    public WalCompressionTests() => Directory.CreateDirectory(dir);

    [Theory]
    [InlineData("gzip", ".gz")]
    [InlineData("bzip2", ".bz2")]
    [InlineData("xz", ".xz")]
    [InlineData("zstd", ".zst")]
    [InlineData("lz4", ".lz4")]
    public void ReferenceToolsOutputDecompressesToTheCheckedSegment(string tool, string suffix)
    {
        var plain = WriteSegment(Segment);
        using (var process = Process.Start(new ProcessStartInfo(tool, tool == "lz4" ? ["-m", "-k", "-f", plain] : ["-k", "-f", plain]))!)
        {
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        Assert.Null(Decompressed(File.ReadAllBytes(plain + suffix), Segment.Name + suffix));
    }

    [Theory]
    [InlineData(".snappy")]
    [InlineData("")]
    public void SnappyFramingAndPlainSegmentsDecompressToTheCheckedSegment(string suffix)
    {
        var raw = File.ReadAllBytes(WriteSegment(Segment));
        using var packed = new MemoryStream();
        using (Stream writer = suffix switch
        {
            ".snappy" => new SnappyStream(packed, System.IO.Compression.CompressionMode.Compress, leaveOpen: true),
            _ => new NonClosing(packed),
        })
        {
            writer.Write(raw);
        }

        Assert.Null(Decompressed(packed.ToArray(), Segment.Name + suffix));
    }

    [Fact]
    public void TheCheckRefusesAnotherSegmentAnotherSystemAndAShortFile()
    {
        var other = WriteSegment(Segment.Next());
        Assert.Contains("page address", WalFileCheck.Problem(other, Segment, SegmentBytes, SystemId), StringComparison.Ordinal);
        Assert.Contains("system identifier", WalFileCheck.Problem(WriteSegment(Segment), Segment, SegmentBytes, "1"), StringComparison.Ordinal);
        var shortFile = Path.Combine(dir, "short");
        File.WriteAllBytes(shortFile, new byte[4096]);
        Assert.Contains("bytes", WalFileCheck.Problem(shortFile, Segment, SegmentBytes, SystemId), StringComparison.Ordinal);
        Assert.Null(WalCompression.ReaderFor("cnpg/app/v1/wals/0000000100000002/" + Segment.Name + ".br"));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string? Decompressed(byte[] compressed, string key)
    {
        var reader = WalCompression.ReaderFor("cnpg/app/app-database-v1/wals/0000000100000002/" + key);
        Assert.NotNull(reader);
        var target = Path.Combine(dir, "out-" + Guid.NewGuid().ToString("N"));
        using (var input = reader(new MemoryStream(compressed)))
        using (var file = File.Create(target))
        {
            input.CopyTo(file);
        }

        return WalFileCheck.Problem(target, Segment, SegmentBytes, SystemId);
    }

    /// <summary>A 16 MiB file starting with the long page header PostgreSQL writes at the start of every segment.</summary>
    private string WriteSegment(WalSegment segment)
    {
        var bytes = new byte[SegmentBytes];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, 0xD110);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x0002);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)segment.Timeline);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)(segment.Number * SegmentBytes));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), ulong.Parse(SystemId, System.Globalization.CultureInfo.InvariantCulture));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), (uint)SegmentBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(36), 8192);
        Random.Shared.NextBytes(bytes.AsSpan(8192, 65536));
        var path = Path.Combine(dir, segment.Name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes through to a stream without closing it: the "no compression" case.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
