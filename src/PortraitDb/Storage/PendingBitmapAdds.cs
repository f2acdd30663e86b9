using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Storage;

/// <summary>
/// Bitmap additions of bulk-appended rows, held back until their segment is complete: (code, row) pairs per
/// indexed column and null rows per column. A flush groups them by code with a counting sort and merges one
/// ready-made container per bitmap, instead of a lookup, an ownership check and an insert per value.
/// </summary>
internal sealed class PendingBitmapAdds
{
    private readonly PairList[] _index;
    private readonly PairList[] _nulls;
    private uint[] _sortedRows = [];
    private int[] _counts = [];

    public PendingBitmapAdds(int columns)
    {
        _index = new PairList[columns];
        _nulls = new PairList[columns];
        for (int column = 0; column < columns; column++)
        {
            _index[column] = new PairList();
            _nulls[column] = new PairList();
        }
    }

    /// <summary>The segment the pending rows belong to, or −1 when nothing is pending.</summary>
    public int Segment { get; private set; } = -1;

    /// <summary>The first and one-past-last pending row (appended rows are consecutive).</summary>
    public uint FirstRow { get; private set; }

    public uint EndRow { get; private set; }

    public void AddRow(uint row)
    {
        if (Segment < 0)
        {
            Segment = (int)(row >> 16);
            FirstRow = row;
        }
        EndRow = row + 1;
    }

    public void AddIndex(int column, int code, uint row) => _index[column].Add(code, row);

    public void AddNull(int column, uint row) => _nulls[column].Add(0, row);

    /// <summary>Merges everything pending into <paramref name="data"/>'s bitmaps and empties the buffer.</summary>
    public void Flush(TableData data)
    {
        if (Segment < 0)
            return;
        ushort key = (ushort)Segment;
        data.MergeIntoBitmap(ref data.LiveRows, key, RunContainer.FromRange((int)(FirstRow & 0xFFFF), (int)((EndRow - 1) & 0xFFFF) + 1));
        for (int column = 0; column < _index.Length; column++)
        {
            if (_nulls[column].Count > 0)
            {
                data.MergeIntoBitmap(ref data.NullRows[column], key, BuildContainer(_nulls[column].Rows.AsSpan(0, _nulls[column].Count)));
                _nulls[column].Clear();
            }
            var pairs = _index[column];
            if (pairs.Count == 0)
                continue;
            FlushIndex(data, column, key, pairs);
            pairs.Clear();
        }
        Segment = -1;
    }

    private void FlushIndex(TableData data, int column, ushort key, PairList pairs)
    {
        int maxCode = 0;
        for (int index = 0; index < pairs.Count; index++)
            maxCode = Math.Max(maxCode, pairs.Codes[index]);
        if (_counts.Length < maxCode + 2)
            _counts = new int[maxCode + 2];
        var counts = _counts.AsSpan(0, maxCode + 2);
        counts.Clear();
        for (int index = 0; index < pairs.Count; index++)
            counts[pairs.Codes[index] + 1]++;
        for (int code = 1; code < counts.Length; code++)
            counts[code] += counts[code - 1];
        if (_sortedRows.Length < pairs.Count)
            _sortedRows = new uint[Math.Max(pairs.Count, _sortedRows.Length * 2)];
        // A stable counting sort keeps each code's rows ascending.
        var starts = counts[..^1].ToArray();
        for (int index = 0; index < pairs.Count; index++)
            _sortedRows[starts[pairs.Codes[index]]++] = pairs.Rows[index];
        for (int code = 0; code <= maxCode; code++)
        {
            int start = counts[code];
            int end = counts[code + 1];
            if (end > start)
                data.MergeIntoIndex(column, code, key, BuildContainer(_sortedRows.AsSpan(start, end - start)));
        }
    }

    /// <summary>A container of the low halves of ascending rows of one segment.</summary>
    private static Container BuildContainer(ReadOnlySpan<uint> rows)
    {
        if (rows.Length > RoaringConstants.ArrayMaxCardinality)
        {
            var bitmap = new BitmapContainer();
            foreach (uint row in rows)
                bitmap.Words[(row & 0xFFFF) >> 6] |= 1UL << (int)row;
            bitmap.Count = rows.Length;
            return bitmap;
        }
        var values = new ushort[rows.Length];
        for (int index = 0; index < rows.Length; index++)
            values[index] = (ushort)rows[index];
        return new ArrayContainer(values, values.Length);
    }

    private sealed class PairList
    {
        public int[] Codes = new int[1024];
        public uint[] Rows = new uint[1024];
        public int Count;

        public void Add(int code, uint row)
        {
            if (Count == Rows.Length)
            {
                Array.Resize(ref Codes, Count * 2);
                Array.Resize(ref Rows, Count * 2);
            }
            Codes[Count] = code;
            Rows[Count] = row;
            Count++;
        }

        public void Clear() => Count = 0;
    }
}
