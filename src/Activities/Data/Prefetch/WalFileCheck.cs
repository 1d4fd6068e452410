using System.Buffers.Binary;
using CnpgDrTemporal.Activities.Backups;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>
/// Proves a decompressed file is the segment it is named after: its size, and the long page header
/// every segment starts with (XLogLongPageHeaderData: page address, system identifier, segment size).
/// </summary>
public static class WalFileCheck
{
    /// <summary>PostgreSQL's XLP_LONG_HEADER flag in xlp_info.</summary>
    private const ushort LongHeader = 0x0002;

    /// <summary>Null when the file is the segment; otherwise why not.</summary>
    public static string? Problem(string path, WalSegment segment, long segmentBytes, string? systemId)
    {
        var length = new FileInfo(path).Length;
        if (length != segmentBytes)
        {
            return $"{length} bytes, a segment has {segmentBytes}";
        }

        Span<byte> header = stackalloc byte[40];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        var info = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
        var pageAddress = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        var sysId = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        var segSize = BinaryPrimitives.ReadUInt32LittleEndian(header[32..]);
        if ((info & LongHeader) == 0)
        {
            return "no long page header";
        }

        if (pageAddress != (ulong)(segment.Number * segmentBytes) || segSize != segmentBytes)
        {
            return $"header says page address {pageAddress:X}, segment size {segSize}";
        }

        return systemId is not null && sysId.ToString(System.Globalization.CultureInfo.InvariantCulture) != systemId
            ? $"system identifier {sysId}, the backup's is {systemId}"
            : null;
    }
}
