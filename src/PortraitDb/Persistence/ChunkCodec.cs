using System.Numerics;
using System.Runtime.InteropServices;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Persistence;

/// <summary>
/// Turns a column chunk into bytes and back. Integers (INT, BIGINT, DECIMAL, DATE, TIMESTAMP) are stored as
/// offsets from the segment's minimum, bit-packed to the width of its range (the zone map gives both), so an
/// age takes 7 bits and a date a dozen; the block around the bytes adds LZ4 where it pays.
/// </summary>
internal static class ChunkCodec
{
    private const byte RawValues = 0;
    private const byte PackedOffsets = 1;
    private const byte NoValues = 2;

    /// <summary>Writes the first <paramref name="rows"/> rows of <paramref name="chunk"/>.</summary>
    public static void Write(ByteWriter output, ColumnChunk chunk, int rows)
    {
        switch (chunk)
        {
            case NumericChunk<int> ints:
                WriteIntegers(output, ints, rows);
                break;
            case NumericChunk<long> longs:
                WriteIntegers(output, longs, rows);
                break;
            case NumericChunk<double> doubles:
                {
                    rows = Math.Min(rows, doubles.Values.Length);
                    output.WriteVarUInt((ulong)rows);
                    output.WriteByte(doubles.HasRange ? (byte)1 : (byte)0);
                    output.WriteDouble(doubles.Min);
                    output.WriteDouble(doubles.Max);
                    output.WriteBytes(MemoryMarshal.AsBytes(doubles.Values.AsSpan(0, rows)));
                    break;
                }
            case CodeChunk codes:
                {
                    rows = Math.Min(rows, codes.Capacity);
                    output.WriteVarUInt((ulong)rows);
                    output.WriteByte((byte)codes.Width);
                    var bytes = codes.Width switch
                    {
                        8 => codes.Codes8[..rows],
                        16 => MemoryMarshal.AsBytes(codes.Codes16[..rows]),
                        _ => MemoryMarshal.AsBytes(codes.Codes32[..rows]),
                    };
                    output.WriteBytes(bytes);
                    break;
                }
            case BoolChunk bools:
                {
                    rows = Math.Min(rows, bools.Bits.Length * 64);
                    output.WriteVarUInt((ulong)rows);
                    output.WriteBytes(MemoryMarshal.AsBytes(bools.Bits.AsSpan(0, (rows + 63) / 64)));
                    break;
                }
            case TextChunk text:
                {
                    rows = Math.Min(rows, text.RowCapacity);
                    output.WriteVarUInt((ulong)rows);
                    for (int row = 0; row < rows; row++)
                        output.WriteVarUInt((ulong)text.GetBytes(row).Length);
                    for (int row = 0; row < rows; row++)
                        output.WriteBytes(text.GetBytes(row));
                    break;
                }
            case TagsChunk tags:
                {
                    rows = Math.Min(rows, tags.RowCapacity);
                    output.WriteVarUInt((ulong)rows);
                    for (int row = 0; row < rows; row++)
                        output.WriteVarUInt((ulong)tags.Get(row).Length);
                    for (int row = 0; row < rows; row++)
                    {
                        foreach (int code in tags.Get(row))
                            output.WriteVarUInt((ulong)code);
                    }
                    break;
                }
            default:
                throw new PortraitDbException(PortraitDbErrorKind.Internal, $"No codec for {chunk.GetType().Name}.");
        }
    }

    /// <summary>
    /// Reads a chunk of <paramref name="type"/> for a segment of <paramref name="segmentRows"/> rows. For CATEGORY and
    /// TAGS columns, <paramref name="dictionaryCount"/> is how many codes the dictionary has: a larger code is damage.
    /// </summary>
    public static ColumnChunk Read(ReadOnlySpan<byte> bytes, ColumnType type, int segmentRows, int dictionaryCount, string source)
    {
        var reader = new ByteReader(bytes, source);
        int rows = reader.ReadCount(segmentRows, "a chunk's row count");
        ColumnChunk chunk = type.Kind switch
        {
            ColumnKind.Int32 or ColumnKind.Date => ReadIntegers<int>(ref reader, rows),
            ColumnKind.Int64 or ColumnKind.Decimal or ColumnKind.Timestamp => ReadIntegers<long>(ref reader, rows),
            ColumnKind.Double => ReadDoubles(ref reader, rows),
            ColumnKind.Category => ReadCodes(ref reader, rows, dictionaryCount),
            ColumnKind.Bool => ReadBools(ref reader, rows),
            ColumnKind.Text => ReadText(ref reader, rows),
            ColumnKind.Tags => ReadTags(ref reader, rows, dictionaryCount),
            _ => throw reader.Corrupt($"a chunk of unknown column kind {type.Kind}"),
        };
        if (!reader.AtEnd)
            throw reader.Corrupt($"{reader.Remaining} stray bytes after a {type} chunk");
        return chunk;
    }

    private static void WriteIntegers<T>(ByteWriter output, NumericChunk<T> chunk, int rows)
        where T : unmanaged, IBinaryInteger<T>
    {
        rows = Math.Min(rows, chunk.Values.Length);
        output.WriteVarUInt((ulong)rows);
        if (!chunk.HasRange)
        {
            output.WriteByte(NoValues);
            return;
        }
        long min = long.CreateTruncating(chunk.Min);
        long max = long.CreateTruncating(chunk.Max);
        ulong range = unchecked((ulong)(max - min));
        int bits = 64 - BitOperations.LeadingZeroCount(range);
        var values = chunk.Values.AsSpan(0, rows);
        if (bits >= 8 * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            output.WriteByte(RawValues);
            output.WriteVarInt(min);
            output.WriteVarInt(max);
            output.WriteBytes(MemoryMarshal.AsBytes(values));
            return;
        }
        output.WriteByte(PackedOffsets);
        output.WriteVarInt(min);
        output.WriteVarInt(max);
        output.WriteByte((byte)bits);
        if (bits == 0)
            return;
        int words = (int)(((long)rows * bits + 63) / 64);
        var packed = MemoryMarshal.Cast<byte, ulong>(output.Reserve(words * sizeof(ulong)));
        packed.Clear();
        long position = 0;
        for (int row = 0; row < rows; row++, position += bits)
        {
            // Slots of NULL and deleted rows hold whatever was there (0 if never written): store the minimum instead,
            // since the zone map covers only live values.
            long value = long.CreateTruncating(values[row]);
            ulong offset = value < min || value > max ? 0 : unchecked((ulong)(value - min));
            int word = (int)(position >> 6);
            int shift = (int)(position & 63);
            packed[word] |= offset << shift;
            if (shift + bits > 64)
                packed[word + 1] |= offset >> (64 - shift);
        }
    }

    private static NumericChunk<T> ReadIntegers<T>(ref ByteReader reader, int rows)
        where T : unmanaged, IBinaryInteger<T>
    {
        var chunk = new NumericChunk<T>(rows);
        byte encoding = reader.ReadByte();
        if (encoding == NoValues)
            return chunk;
        long min = reader.ReadVarInt();
        long max = reader.ReadVarInt();
        if (min > max || T.CreateTruncating(min) != T.CreateSaturating(min) || T.CreateTruncating(max) != T.CreateSaturating(max))
            throw reader.Corrupt($"a zone map [{min}, {max}] that does not fit its column");
        chunk.Min = T.CreateTruncating(min);
        chunk.Max = T.CreateTruncating(max);
        chunk.HasRange = true;
        var values = chunk.Values.AsSpan();
        if (encoding == RawValues)
        {
            reader.ReadBytes(rows * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()).CopyTo(MemoryMarshal.AsBytes(values));
            return chunk;
        }
        if (encoding != PackedOffsets)
            throw reader.Corrupt($"unknown integer encoding {encoding}");
        int bits = reader.ReadByte();
        ulong range = unchecked((ulong)(max - min));
        if (bits != 64 - BitOperations.LeadingZeroCount(range))
            throw reader.Corrupt($"a bit width of {bits} for a range of {range}");
        if (bits == 0)
        {
            values.Fill(chunk.Min);
            return chunk;
        }
        int words = (int)(((long)rows * bits + 63) / 64);
        var packed = MemoryMarshal.Cast<byte, ulong>(reader.ReadBytes(words * sizeof(ulong)));
        ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        long position = 0;
        for (int row = 0; row < rows; row++, position += bits)
        {
            int word = (int)(position >> 6);
            int shift = (int)(position & 63);
            ulong offset = packed[word] >> shift;
            if (shift + bits > 64)
                offset |= packed[word + 1] << (64 - shift);
            offset &= mask;
            if (offset > range)
                throw reader.Corrupt($"a packed value beyond its zone map at row {row}");
            values[row] = T.CreateTruncating(min + (long)offset);
        }
        return chunk;
    }

    private static NumericChunk<double> ReadDoubles(ref ByteReader reader, int rows)
    {
        var chunk = new NumericChunk<double>(rows)
        {
            HasRange = reader.ReadByte() != 0,
            Min = reader.ReadDouble(),
            Max = reader.ReadDouble(),
        };
        reader.ReadBytes(rows * sizeof(double)).CopyTo(MemoryMarshal.AsBytes(chunk.Values.AsSpan()));
        return chunk;
    }

    private static CodeChunk ReadCodes(ref ByteReader reader, int rows, int dictionaryCount)
    {
        int width = reader.ReadByte();
        // Every slot holds a code that was valid when written (untouched slots hold 0), so none reaches the count.
        int limit = Math.Max(dictionaryCount, 1);
        switch (width)
        {
            case 8:
                {
                    var codes = reader.ReadBytes(rows).ToArray();
                    CheckCodes<byte>(ref reader, codes, limit);
                    return CodeChunk.FromCodes(codes, null, null);
                }
            case 16:
                {
                    var codes = new ushort[rows];
                    reader.ReadBytes(rows * sizeof(ushort)).CopyTo(MemoryMarshal.AsBytes(codes.AsSpan()));
                    CheckCodes<ushort>(ref reader, codes, limit);
                    return CodeChunk.FromCodes(null, codes, null);
                }
            case 32:
                {
                    var codes = new int[rows];
                    reader.ReadBytes(rows * sizeof(int)).CopyTo(MemoryMarshal.AsBytes(codes.AsSpan()));
                    CheckCodes<int>(ref reader, codes, limit);
                    return CodeChunk.FromCodes(null, null, codes);
                }
            default:
                throw reader.Corrupt($"a category code width of {width} bits");
        }
    }

    private static void CheckCodes<T>(ref ByteReader reader, ReadOnlySpan<T> codes, int limit)
        where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var code in codes)
        {
            if ((ulong)long.CreateTruncating(code) >= (ulong)limit)
                throw reader.Corrupt($"a category code {code} beyond the dictionary's {limit} values");
        }
    }

    private static BoolChunk ReadBools(ref ByteReader reader, int rows)
    {
        var chunk = new BoolChunk(rows);
        reader.ReadBytes(((rows + 63) / 64) * sizeof(ulong)).CopyTo(MemoryMarshal.AsBytes(chunk.Bits.AsSpan()));
        return chunk;
    }

    private static TextChunk ReadText(ref ByteReader reader, int rows)
    {
        var lengths = new int[rows];
        long total = 0;
        for (int row = 0; row < rows; row++)
        {
            lengths[row] = reader.ReadCount(reader.Remaining, "a text value's length");
            total += lengths[row];
        }
        if (total > reader.Remaining)
            throw reader.Corrupt($"text values of {total} bytes where {reader.Remaining} remain");
        var chunk = new TextChunk(0);
        chunk.Allocate(rows, (int)Math.Max(total, 16));
        for (int row = 0; row < rows; row++)
            chunk.SetItems(row, reader.ReadBytes(lengths[row]));
        return chunk;
    }

    private static TagsChunk ReadTags(ref ByteReader reader, int rows, int dictionaryCount)
    {
        var lengths = new int[rows];
        long total = 0;
        for (int row = 0; row < rows; row++)
        {
            lengths[row] = reader.ReadCount(TagsChunk.MaxTagsPerRow, "a row's tag count");
            total += lengths[row];
        }
        if (total > reader.Remaining)
            throw reader.Corrupt($"{total} tag codes where {reader.Remaining} bytes remain");
        var chunk = new TagsChunk(0);
        chunk.Allocate(rows, (int)Math.Max(total, 16));
        Span<int> codes = stackalloc int[TagsChunk.MaxTagsPerRow];
        for (int row = 0; row < rows; row++)
        {
            for (int index = 0; index < lengths[row]; index++)
            {
                ulong code = reader.ReadVarUInt();
                if (code >= (ulong)dictionaryCount)
                    throw reader.Corrupt($"a tag code {code} beyond the dictionary's {dictionaryCount} values");
                codes[index] = (int)code;
            }
            chunk.Set(row, codes[..lengths[row]]);
        }
        return chunk;
    }
}
