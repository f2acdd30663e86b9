using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace PortraitDb.Persistence;

/// <summary>What a block holds; stored in its header so a block read in the wrong place is caught.</summary>
internal enum BlockKind : byte
{
    Manifest = 1,
    Dictionaries = 2,
    SegmentDirectory = 3,
    SegmentBitmaps = 4,
    ColumnChunk = 5,
    LogRecord = 6,
    SegmentIndex = 7,
}

/// <summary>
/// The unit every database file is made of: a 20-byte header (codec, kind, stored and raw lengths, and an
/// XxHash64 over the header and the stored bytes), then the bytes, LZ4-compressed where that saves at least an
/// eighth. Reading checks the checksum before it trusts a length, so flipped or missing bytes are reported, not
/// followed.
/// </summary>
internal static class BlockFormat
{
    public const int HeaderSize = 20;
    private const byte Raw = 0;
    private const byte Lz4 = 1;
    private const int MinimumToCompress = 64;

    /// <summary>Appends a block holding <paramref name="raw"/> to <paramref name="destination"/>; returns the block's total size.</summary>
    public static int Write(ByteWriter destination, BlockKind kind, ReadOnlySpan<byte> raw, bool compress = true)
    {
        int start = destination.Length;
        var header = destination.Reserve(HeaderSize);
        int stored = raw.Length;
        byte codec = Raw;
        if (compress && raw.Length >= MinimumToCompress)
        {
            var target = destination.GetSpan(LZ4Codec.MaximumOutputSize(raw.Length));
            int compressed = LZ4Codec.Encode(raw, target, LZ4Level.L00_FAST);
            if (compressed > 0 && compressed <= raw.Length - (raw.Length / 8))
            {
                codec = Lz4;
                stored = compressed;
            }
        }
        if (codec == Raw)
            raw.CopyTo(destination.GetSpan(raw.Length));
        destination.Advance(stored);
        // Reserve/GetSpan may have moved the buffer: write the header through a fresh span.
        header = destination.WrittenSpanAt(start, HeaderSize);
        header[0] = codec;
        header[1] = (byte)kind;
        header[2] = 0;
        header[3] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], stored);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], raw.Length);
        var hash = new XxHash64();
        hash.Append(header[..12]);
        hash.Append(destination.WrittenSpan.Slice(start + HeaderSize, stored));
        BinaryPrimitives.WriteUInt64LittleEndian(header[12..], hash.GetCurrentHashAsUInt64());
        return HeaderSize + stored;
    }

    /// <summary>The stored length of the block whose header is <paramref name="header"/>, checked against what can be there.</summary>
    public static int StoredLength(ReadOnlySpan<byte> header, long available, string source)
    {
        int stored = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (stored < 0 || stored > available)
            throw ByteReader.CorruptionError(source, $"a block claims {stored} bytes where {available} remain (truncated or overwritten)");
        return stored;
    }

    /// <summary>Checks and decodes a whole block (header and stored bytes) of the expected kind.</summary>
    public static byte[] Read(ReadOnlySpan<byte> block, BlockKind kind, string source)
    {
        var payload = Read(block, kind, source, out byte[]? decompressed);
        return decompressed ?? payload.ToArray();
    }

    /// <summary>
    /// Checks and decodes a block held in <paramref name="block"/>; an uncompressed payload is returned in place (a
    /// slice of the same buffer), a compressed one in a new array, which <paramref name="decompressed"/> also gives
    /// (null for an uncompressed block).
    /// </summary>
    public static ReadOnlySpan<byte> Read(ReadOnlySpan<byte> block, BlockKind kind, string source, out byte[]? decompressed)
    {
        decompressed = null;
        if (block.Length < HeaderSize)
            throw ByteReader.CorruptionError(source, $"a block is cut short ({block.Length} of at least {HeaderSize} header bytes)");
        var header = block[..HeaderSize];
        int stored = StoredLength(header, block.Length - HeaderSize, source);
        var payload = block.Slice(HeaderSize, stored);
        var hash = new XxHash64();
        hash.Append(header[..12]);
        hash.Append(payload);
        if (hash.GetCurrentHashAsUInt64() != BinaryPrimitives.ReadUInt64LittleEndian(header[12..]))
            throw ByteReader.CorruptionError(source, $"a {kind} block fails its checksum");
        if (header[1] != (byte)kind)
            throw ByteReader.CorruptionError(source, $"expected a {kind} block, found kind {header[1]}");
        int rawLength = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        switch (header[0])
        {
            case Raw when rawLength == stored:
                return payload;
            case Lz4 when rawLength >= 0 && rawLength <= Math.Min(Array.MaxLength, (long)stored * 255):
                {
                    var raw = GC.AllocateUninitializedArray<byte>(rawLength);
                    int decoded = LZ4Codec.Decode(payload, raw);
                    if (decoded != rawLength)
                        throw ByteReader.CorruptionError(source, $"a {kind} block does not decompress to its {rawLength} bytes");
                    decompressed = raw;
                    return raw;
                }
            default:
                throw ByteReader.CorruptionError(source, $"a {kind} block has an unknown codec {header[0]} or impossible length {rawLength}");
        }
    }
}
