using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Persistence;

/// <summary>
/// One segment of one table on disk: a bitmap block (the segment's container of the live rows and of every column's
/// NULL rows, each a one-container bitmap in the portable Roaring format), an index block per CATEGORY, BOOL and TAGS
/// column (the container of each value), one block per column chunk, and a directory block found through a
/// fixed-size trailer. Opening reads the bitmap block and the directory; a column's index block and chunk are read,
/// checked and decoded only when a query first needs them.
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
    private readonly long[] _indexOffsets;
    private readonly int[] _indexLengths;
    private readonly ushort _key;
    private readonly int _rows;

    private SegmentFile(SafeFileHandle handle, string name, ColumnType[] types, int[] dictionaryCounts, long[] offsets, int[] lengths, long[] indexOffsets, int[] indexLengths, ushort key, int rows)
    {
        _indexOffsets = indexOffsets;
        _indexLengths = indexLengths;
        _key = key;
        _rows = rows;
        _handle = handle;
        _name = name;
        _types = types;
        _dictionaryCounts = dictionaryCounts;
        _offsets = offsets;
        _lengths = lengths;
    }

    /// <summary>The segment's containers read at open: the live rows and the NULL rows per column.</summary>
    public sealed class Bitmaps
    {
        public Container? Live;
        public required Container?[] Nulls;
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
        long bitmapsOffset = output.Length;
        int bitmapsLength = BlockFormat.Write(output, BlockKind.SegmentBitmaps, raw.WrittenSpan);

        // One block per indexed column, so that a column's bitmaps can be read without the others'.
        var indexOffsets = new long[schema.Columns.Count];
        var indexLengths = new int[schema.Columns.Count];
        for (int column = 0; column < schema.Columns.Count; column++)
        {
            if (!schema.Columns[column].Type.IsIndexed)
                continue;
            indexOffsets[column] = output.Length;
            // Bitmaps never read since the segment's file was written are unchanged: copy their block as it is.
            if (data.ValueIndexes[column] is null && segment.Source is { } source)
            {
                indexLengths[column] = source.CopyBlock(output, source._indexOffsets[column], source._indexLengths[column], BlockKind.SegmentIndex);
                continue;
            }
            var index = data.ValueIndex(column)!;
            raw.Clear();
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
            indexLengths[column] = BlockFormat.Write(output, BlockKind.SegmentIndex, raw.WrittenSpan);
        }

        var offsets = new long[schema.Columns.Count];
        var lengths = new int[schema.Columns.Count];
        for (int column = 0; column < schema.Columns.Count; column++)
        {
            offsets[column] = output.Length;
            if (!segment.IsLoaded(column) && segment.Source is { } source)
            {
                lengths[column] = source.CopyBlock(output, source._offsets[column], source._lengths[column], BlockKind.ColumnChunk);
                continue;
            }
            raw.Clear();
            ChunkCodec.Write(raw, segment.Chunk(column), segment.RowCount);
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
            raw.WriteVarUInt((ulong)indexOffsets[column]);
            raw.WriteVarUInt((ulong)indexLengths[column]);
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
            var directory = new ByteReader(directoryBytes.Span, name);
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
            var indexOffsets = new long[columns];
            var indexLengths = new int[columns];
            for (int column = 0; column < columns; column++)
            {
                types[column] = schema.Columns[column].Type;
                if (directory.ReadByte() != (byte)types[column].Kind)
                    throw ByteReader.CorruptionError(name, $"column {column}'s chunk is not of the schema's type {types[column]}");
                offsets[column] = (long)directory.ReadVarUInt();
                lengths[column] = directory.ReadCount(int.MaxValue, "a chunk's length");
                if (offsets[column] < 16 || offsets[column] + lengths[column] > directoryOffset)
                    throw ByteReader.CorruptionError(name, $"column {column}'s chunk lies outside the file");
                indexOffsets[column] = (long)directory.ReadVarUInt();
                indexLengths[column] = directory.ReadCount(int.MaxValue, "an index block's length");
                if (types[column].IsIndexed != (indexLengths[column] > 0) || (indexLengths[column] > 0 && (indexOffsets[column] < 16 || indexOffsets[column] + indexLengths[column] > directoryOffset)))
                    throw ByteReader.CorruptionError(name, $"column {column}'s index block is missing or lies outside the file");
            }
            if (bitmapsOffset < 16 || bitmapsOffset + bitmapsLength > directoryOffset)
                throw ByteReader.CorruptionError(name, "its bitmap block lies outside the file");
            var bitmapBytes = FileFormat.ReadBlock(handle, bitmapsOffset, bitmapsLength, BlockKind.SegmentBitmaps, name);
            bitmaps = ReadBitmaps(bitmapBytes.Span, schema, (ushort)segmentIndex, rows, name);
            return new SegmentFile(handle, name, types, dictionaryCounts, offsets, lengths, indexOffsets, indexLengths, (ushort)segmentIndex, rows);
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
        var chunk = ChunkCodec.Read(bytes.Span, _types[column], rows, _dictionaryCounts[column], _name);
        return chunk;
    }

    /// <summary>Appends the block at <paramref name="offset"/> to <paramref name="output"/> as it is, after checking it; returns its size.</summary>
    private int CopyBlock(ByteWriter output, long offset, int length, BlockKind kind)
    {
        var block = output.Reserve(length);
        FileFormat.ReadExactly(_handle, block, offset, _name);
        BlockFormat.Read(block, kind, _name, out _);
        return length;
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

    private static Bitmaps ReadBitmaps(ReadOnlySpan<byte> bytes, TableSchema schema, ushort key, int rows, string name)
    {
        var reader = new ByteReader(bytes, name);
        int columns = schema.Columns.Count;
        var bitmaps = new Bitmaps { Nulls = new Container?[columns] };
        bitmaps.Live = ReadContainer(ref reader, key, rows, name);
        for (int column = 0; column < columns; column++)
            bitmaps.Nulls[column] = ReadContainer(ref reader, key, rows, name);
        if (!reader.AtEnd)
            throw reader.Corrupt("stray bytes after the bitmaps");
        return bitmaps;
    }

    /// <summary>
    /// This segment's index block of column <paramref name="column"/>: which values have rows here (in code order)
    /// and where each one's container lies, checked for framing but not yet decoded, so that the caller can decode
    /// the containers bitmap by bitmap (<see cref="ReadIndexContainer"/>).
    /// </summary>
    public IndexBlock ReadIndex(int column)
    {
        var bytes = FileFormat.ReadBlock(_handle, _indexOffsets[column], _indexLengths[column], BlockKind.SegmentIndex, _name);
        var reader = new ByteReader(bytes.Span, _name);
        int codes = _types[column].Kind == ColumnKind.Bool ? 2 : _dictionaryCounts[column];
        int present = reader.ReadCount(codes, "the number of indexed values");
        var entries = new IndexEntry[present];
        int previous = -1;
        for (int entry = 0; entry < present; entry++)
        {
            int code = reader.ReadCount(codes - 1, "an indexed value's code");
            if (code <= previous)
                throw reader.Corrupt("indexed values out of order");
            previous = code;
            int size = reader.ReadCount(reader.Remaining, "a bitmap's length");
            if (size == 0)
                throw reader.Corrupt("an empty bitmap for an indexed value");
            entries[entry] = new IndexEntry(code, reader.Position, size);
            reader.ReadBytes(size);
        }
        if (!reader.AtEnd)
            throw reader.Corrupt("stray bytes after an index");
        return new IndexBlock(bytes, entries);
    }

    /// <summary>The container of <paramref name="entry"/> of <paramref name="block"/>, read from this segment.</summary>
    public Container ReadIndexContainer(IndexBlock block, IndexEntry entry) =>
        DecodeContainer(block.Bytes.Span.Slice(entry.Start, entry.Length), _key, _rows, _name);

    /// <summary>Where value <see cref="Code"/>'s container lies in an index block.</summary>
    public readonly record struct IndexEntry(int Code, int Start, int Length);

    /// <summary>An index block's bytes and its entries in code order.</summary>
    public readonly record struct IndexBlock(ReadOnlyMemory<byte> Bytes, IndexEntry[] Entries);

    private static Container? ReadContainer(ref ByteReader reader, ushort key, int rows, string name)
    {
        int size = reader.ReadCount(reader.Remaining, "a bitmap's length");
        return size == 0 ? null : DecodeContainer(reader.ReadBytes(size), key, rows, name);
    }

    private static Container DecodeContainer(ReadOnlySpan<byte> bytes, ushort key, int rows, string name)
    {
        RoaringBitmap bitmap;
        try
        {
            bitmap = RoaringBitmap.Deserialize(bytes);
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
