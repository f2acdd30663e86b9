using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Persistence;

/// <summary>
/// One segment of one table on disk: a bitmap block (the segment's container of the live rows, of every column's
/// NULL rows and of every indexed value, each a one-container bitmap in the portable Roaring format), one block per
/// column chunk, and a directory block found through a fixed-size trailer. Opening reads the bitmaps and the
/// directory; a chunk is read, checked and decoded only when a query first needs it.
/// </summary>
internal sealed class SegmentFile
{
    private static ReadOnlySpan<byte> Magic => "PDBSEG\0\0"u8;
    private static ReadOnlySpan<byte> TrailerMagic => "PDBSEGND"u8;
    private const int TrailerSize = 16;

    private readonly SafeFileHandle _handle;
    private readonly string _name;
    private readonly ColumnType[] _types;
    private readonly int[] _dictionaryCounts;
    private readonly long[] _offsets;
    private readonly int[] _lengths;

    private SegmentFile(SafeFileHandle handle, string name, ColumnType[] types, int[] dictionaryCounts, long[] offsets, int[] lengths)
    {
        _handle = handle;
        _name = name;
        _types = types;
        _dictionaryCounts = dictionaryCounts;
        _offsets = offsets;
        _lengths = lengths;
    }

    /// <summary>The segment's containers read at open: the live rows, the NULL rows per column, and (column, code) value containers.</summary>
    public sealed class Bitmaps
    {
        public Container? Live;
        public required Container?[] Nulls;
        public readonly List<(int Column, int Code, Container Container)> Values = [];
    }

    /// <summary>Writes segment <paramref name="segmentIndex"/> of <paramref name="data"/> to a new file; returns its size.</summary>
    public static long Write(string path, TableData data, int segmentIndex)
    {
        var schema = data.Schema;
        var segment = data.Segments[segmentIndex];
        ushort key = (ushort)segmentIndex;
        var output = new ByteWriter(1 << 20);
        FileFormat.WriteHeader(output, Magic);

        var raw = new ByteWriter(1 << 16);
        WriteContainer(raw, data.LiveRows, key);
        for (int column = 0; column < schema.Columns.Count; column++)
            WriteContainer(raw, data.NullRows[column], key);
        for (int column = 0; column < schema.Columns.Count; column++)
        {
            if (data.ValueIndexes[column] is not { } index)
                continue;
            int codes = schema.Columns[column].Type.Kind == ColumnKind.Bool ? 2 : Math.Min(index.Length, data.DictionaryCounts[column]);
            int present = 0;
            for (int code = 0; code < codes; code++)
                present += ContainerAtKey(index[code], key) is null ? 0 : 1;
            raw.WriteVarUInt((ulong)present);
            for (int code = 0; code < codes; code++)
            {
                if (ContainerAtKey(index[code], key) is null)
                    continue;
                raw.WriteVarUInt((ulong)code);
                WriteContainer(raw, index[code], key);
            }
        }
        long bitmapsOffset = output.Length;
        int bitmapsLength = BlockFormat.Write(output, BlockKind.SegmentBitmaps, raw.WrittenSpan);

        var offsets = new long[schema.Columns.Count];
        var lengths = new int[schema.Columns.Count];
        for (int column = 0; column < schema.Columns.Count; column++)
        {
            raw.Clear();
            ChunkCodec.Write(raw, segment.Chunk(column), segment.RowCount);
            offsets[column] = output.Length;
            lengths[column] = BlockFormat.Write(output, BlockKind.ColumnChunk, raw.WrittenSpan);
        }

        raw.Clear();
        raw.WriteVarUInt((ulong)segmentIndex);
        raw.WriteVarUInt((ulong)segment.RowCount);
        raw.WriteVarUInt((ulong)schema.Columns.Count);
        raw.WriteVarUInt((ulong)bitmapsOffset);
        raw.WriteVarUInt((ulong)bitmapsLength);
        for (int column = 0; column < schema.Columns.Count; column++)
        {
            raw.WriteByte((byte)schema.Columns[column].Type.Kind);
            raw.WriteVarUInt((ulong)offsets[column]);
            raw.WriteVarUInt((ulong)lengths[column]);
        }
        long directoryOffset = output.Length;
        BlockFormat.Write(output, BlockKind.SegmentDirectory, raw.WrittenSpan, compress: false);
        output.WriteInt64(directoryOffset);
        output.WriteBytes(TrailerMagic);
        FileFormat.WriteDurably(path, output.WrittenSpan);
        return output.Length;
    }

    /// <summary>
    /// Opens a segment file (<paramref name="name"/> in messages): checks its header, trailer and directory against
    /// what the manifest recorded (<paramref name="expectedRows"/>), and reads its bitmaps.
    /// </summary>
    public static SegmentFile Open(string path, string name, TableSchema schema, int segmentIndex, int expectedRows, int[] dictionaryCounts, out Bitmaps bitmaps)
    {
        var handle = FileFormat.OpenRead(path, name);
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length < 16 + TrailerSize)
                throw ByteReader.CorruptionError(name, $"it has {length} bytes, too few for a segment file");
            Span<byte> header = stackalloc byte[16];
            FileFormat.ReadExactly(handle, header, 0, name);
            FileFormat.CheckHeader(header, Magic, name, "segment");
            Span<byte> trailer = stackalloc byte[TrailerSize];
            FileFormat.ReadExactly(handle, trailer, length - TrailerSize, name);
            if (!trailer[8..].SequenceEqual(TrailerMagic))
                throw ByteReader.CorruptionError(name, "its trailer is missing (the file is truncated)");
            long directoryOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer);
            if (directoryOffset < 16 || directoryOffset > length - TrailerSize - BlockFormat.HeaderSize)
                throw ByteReader.CorruptionError(name, $"its directory offset {directoryOffset} lies outside the file");
            var directoryBytes = FileFormat.ReadBlock(handle, directoryOffset, length - TrailerSize - directoryOffset, BlockKind.SegmentDirectory, name);
            var directory = new ByteReader(directoryBytes, name);
            int index = directory.ReadCount(int.MaxValue, "the segment number");
            int rows = directory.ReadCount(ColumnChunk.SegmentRows, "the segment's row count");
            int columns = directory.ReadCount(schema.Columns.Count, "the column count");
            if (index != segmentIndex || rows != expectedRows || columns != schema.Columns.Count)
                throw ByteReader.CorruptionError(name, $"it holds segment {index} with {rows} rows and {columns} columns; the manifest expects segment {segmentIndex} with {expectedRows} rows and {schema.Columns.Count} columns");
            long bitmapsOffset = (long)directory.ReadVarUInt();
            int bitmapsLength = directory.ReadCount(int.MaxValue, "the bitmap block's length");
            var offsets = new long[columns];
            var lengths = new int[columns];
            var types = new ColumnType[columns];
            for (int column = 0; column < columns; column++)
            {
                types[column] = schema.Columns[column].Type;
                if (directory.ReadByte() != (byte)types[column].Kind)
                    throw ByteReader.CorruptionError(name, $"column {column}'s chunk is not of the schema's type {types[column]}");
                offsets[column] = (long)directory.ReadVarUInt();
                lengths[column] = directory.ReadCount(int.MaxValue, "a chunk's length");
                if (offsets[column] < 16 || offsets[column] + lengths[column] > directoryOffset)
                    throw ByteReader.CorruptionError(name, $"column {column}'s chunk lies outside the file");
            }
            if (bitmapsOffset < 16 || bitmapsOffset + bitmapsLength > directoryOffset)
                throw ByteReader.CorruptionError(name, "its bitmap block lies outside the file");
            var bitmapBytes = FileFormat.ReadBlock(handle, bitmapsOffset, bitmapsLength, BlockKind.SegmentBitmaps, name);
            bitmaps = ReadBitmaps(bitmapBytes, schema, (ushort)segmentIndex, rows, dictionaryCounts, name);
            return new SegmentFile(handle, name, types, dictionaryCounts, offsets, lengths);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads and decodes the chunk of <paramref name="column"/>.</summary>
    public ColumnChunk ReadChunk(int column, int rows)
    {
        var bytes = FileFormat.ReadBlock(_handle, _offsets[column], _lengths[column], BlockKind.ColumnChunk, _name);
        var chunk = ChunkCodec.Read(bytes, _types[column], rows, _dictionaryCounts[column], _name);
        return chunk;
    }

    /// <summary>Closes the file; chunks not read by then can no longer be.</summary>
    public void Close() => _handle.Dispose();

    private static Container? ContainerAtKey(RoaringBitmap bitmap, ushort key)
    {
        int index = bitmap.FindKey(key);
        return index >= 0 && bitmap.ContainerAt(index) is { Cardinality: > 0 } container ? container : null;
    }

    private static void WriteContainer(ByteWriter output, RoaringBitmap bitmap, ushort key)
    {
        if (ContainerAtKey(bitmap, key) is not { } container)
        {
            output.WriteVarUInt(0);
            return;
        }
        var single = new RoaringBitmap();
        single.Append(key, container.RunOptimize());
        int size = single.SerializedSizeInBytes;
        output.WriteVarUInt((ulong)size);
        single.Write(output.Reserve(size));
    }

    private static Bitmaps ReadBitmaps(byte[] bytes, TableSchema schema, ushort key, int rows, int[] dictionaryCounts, string name)
    {
        var reader = new ByteReader(bytes, name);
        int columns = schema.Columns.Count;
        var bitmaps = new Bitmaps { Nulls = new Container?[columns] };
        bitmaps.Live = ReadContainer(ref reader, key, rows, name);
        for (int column = 0; column < columns; column++)
            bitmaps.Nulls[column] = ReadContainer(ref reader, key, rows, name);
        for (int column = 0; column < columns; column++)
        {
            var kind = schema.Columns[column].Type.Kind;
            if (kind is not (ColumnKind.Category or ColumnKind.Tags or ColumnKind.Bool))
                continue;
            int codes = kind == ColumnKind.Bool ? 2 : dictionaryCounts[column];
            int present = reader.ReadCount(codes, "the number of indexed values");
            int previous = -1;
            for (int entry = 0; entry < present; entry++)
            {
                int code = reader.ReadCount(codes - 1, "an indexed value's code");
                if (code <= previous)
                    throw reader.Corrupt("indexed values out of order");
                previous = code;
                var container = ReadContainer(ref reader, key, rows, name)
                    ?? throw reader.Corrupt("an empty bitmap for an indexed value");
                bitmaps.Values.Add((column, code, container));
            }
        }
        if (!reader.AtEnd)
            throw reader.Corrupt("stray bytes after the bitmaps");
        return bitmaps;
    }

    private static Container? ReadContainer(ref ByteReader reader, ushort key, int rows, string name)
    {
        int size = reader.ReadCount(reader.Remaining, "a bitmap's length");
        if (size == 0)
            return null;
        RoaringBitmap bitmap;
        try
        {
            bitmap = RoaringBitmap.Deserialize(reader.ReadBytes(size));
        }
        catch (RoaringFormatException error)
        {
            throw ByteReader.CorruptionError(name, $"a bitmap is not valid Roaring: {error.Message}");
        }
        // One container, for this segment, and no row past the segment's end.
        if (bitmap.ContainerCount != 1 || bitmap.KeyAt(0) != key || bitmap.ContainerAt(0).Max >= rows)
            throw ByteReader.CorruptionError(name, $"a bitmap holds rows outside segment {key}");
        return bitmap.ContainerAt(0);
    }
}
