using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Query.Execution;

/// <summary>
/// Reads single values of a table version for the row-at-a-time evaluator, remembering per column the chunk and
/// null container of the last segment it read, since rows arrive in ascending order. One per thread.
/// </summary>
internal sealed class RowReader
{
    private readonly TableData _data;
    private readonly int[] _segmentOf;
    private readonly ColumnChunk?[] _chunks;
    private readonly Container?[] _nulls;

    public RowReader(TableData data)
    {
        _data = data;
        int columns = data.Schema.Columns.Count;
        _segmentOf = new int[columns];
        Array.Fill(_segmentOf, -1);
        _chunks = new ColumnChunk?[columns];
        _nulls = new Container?[columns];
    }

    public TableData Data => _data;

    public bool IsNull(int column, uint row)
    {
        Position(column, row);
        return _nulls[column] is { } nulls && nulls.Contains((ushort)row);
    }

    public Value Read(int column, uint row)
    {
        Position(column, row);
        if (_nulls[column] is { } nulls && nulls.Contains((ushort)row))
            return Value.Null;
        int offset = (int)(row & 0xFFFF);
        var type = _data.Schema.Columns[column].Type;
        var chunk = _chunks[column]!;
        return type.Kind switch
        {
            ColumnKind.Text => Value.FromText(((TextChunk)chunk).Get(offset)),
            ColumnKind.Category => Value.FromText(_data.Dictionaries[column]![((CodeChunk)chunk).Get(offset)]),
            ColumnKind.Bool => Value.FromBool(((BoolChunk)chunk).Get(offset)),
            ColumnKind.Int32 => Value.FromInteger(((NumericChunk<int>)chunk).Values[offset]),
            ColumnKind.Int64 => Value.FromInteger(((NumericChunk<long>)chunk).Values[offset]),
            ColumnKind.Double => Value.FromReal(((NumericChunk<double>)chunk).Values[offset]),
            ColumnKind.Decimal => Value.FromDecimal(((NumericChunk<long>)chunk).Values[offset], type.Scale),
            ColumnKind.Date => Value.FromDate(((NumericChunk<int>)chunk).Values[offset]),
            ColumnKind.Timestamp => Value.FromTimestamp(((NumericChunk<long>)chunk).Values[offset]),
            _ => Value.FromTags(TagsOf(column, ((TagsChunk)chunk).Get(offset))),
        };
    }

    /// <summary>The dictionary code of a CATEGORY cell (or -1 for NULL).</summary>
    public int ReadCode(int column, uint row)
    {
        Position(column, row);
        if (_nulls[column] is { } nulls && nulls.Contains((ushort)row))
            return -1;
        return ((CodeChunk)_chunks[column]!).Get((int)(row & 0xFFFF));
    }

    private string[] TagsOf(int column, ReadOnlySpan<int> codes)
    {
        var dictionary = _data.Dictionaries[column]!;
        var tags = new string[codes.Length];
        for (int index = 0; index < codes.Length; index++)
            tags[index] = dictionary[codes[index]];
        Array.Sort(tags, StringComparer.Ordinal);
        return tags;
    }

    private void Position(int column, uint row)
    {
        int segment = (int)(row >> 16);
        if (_segmentOf[column] == segment)
            return;
        _segmentOf[column] = segment;
        _chunks[column] = _data.Segments[segment].Chunk(column);
        _nulls[column] = ContainerOf(_data.NullRows[column], (ushort)segment);
    }

    private readonly ulong[] _nullBits = new ulong[RoaringConstants.BitsetWords];

    /// <summary>
    /// The NULL rows of <paramref name="column"/> in segment <paramref name="key"/> as a bitset (bit = offset), or null
    /// when the segment has none; a bit test is cheaper than a container lookup per row. The array is this reader's
    /// scratch: valid until the next call.
    /// </summary>
    public ulong[]? NullBits(int column, ushort key)
    {
        if (ContainerOf(_data.NullRows[column], key) is not { } nulls)
            return null;
        Array.Clear(_nullBits);
        nulls.OrInto(_nullBits);
        return _nullBits;
    }

    /// <summary>True when bit <paramref name="offset"/> is set.</summary>
    public static bool IsSet(ulong[] bits, int offset) => (bits[offset >> 6] & (1UL << offset)) != 0;

    public static Container? ContainerOf(RoaringBitmap bitmap, ushort key)
    {
        int index = bitmap.FindKey(key);
        return index >= 0 ? bitmap.ContainerAt(index) : null;
    }
}
