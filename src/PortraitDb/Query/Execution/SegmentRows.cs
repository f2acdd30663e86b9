using System.Numerics;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query.Planning;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Query.Execution;

/// <summary>
/// One worker's candidate rows within one segment while a conjunction narrows them: bitset words while dense,
/// sorted offsets once sparse, reused from segment to segment. Scans narrow it in place, so the conditions after
/// the bitmap part of an AND allocate nothing per segment; only <see cref="ToContainer"/> builds a container.
/// </summary>
internal sealed class SegmentRows(TableData data)
{
    // Below one candidate in this many rows a scan gathers the candidates' values instead of comparing the whole
    // segment (and the candidates are held as offsets). Measured cold at 10M rows (CPU ms, medians of 5 runs): from
    // an 8-byte column a gather won at 1 row in 21 (4.9 against 6.3) and lost at 1 in 17 (12.5 against 9.5 for the
    // tags+ranges query); from a 4-byte column the two tied at 1 in 21, and the gather won below.
    private const int GatherRatio = 20;

    private readonly ulong[] _words = new ulong[RoaringConstants.BitsetWords];
    private readonly ulong[] _scratch = new ulong[RoaringConstants.BitsetWords];
    // Sparse means fewer than 65,536 / GatherRatio candidates, so the offsets always fit an array container's bound.
    private readonly ushort[] _offsets = new ushort[RoaringConstants.ArrayMaxCardinality];
    private bool _sparse;
    private int _rows;

    /// <summary>The row reader of the worker that owns these rows, for conditions answered row by row.</summary>
    public RowReader Reader { get; } = new(data);

    /// <summary>The segment the rows are in.</summary>
    public ushort Key { get; private set; }

    /// <summary>How many candidates are left.</summary>
    public int Count { get; private set; }

    /// <summary>Starts segment <paramref name="key"/> with the rows of <paramref name="candidates"/>.</summary>
    public void Load(ushort key, Container candidates)
    {
        Key = key;
        _rows = data.Segments[key].RowCount;
        Count = candidates.Cardinality;
        _sparse = (long)Count * GatherRatio < _rows;
        if (_sparse)
        {
            FilterExecutor.Offsets(candidates, _offsets);
            return;
        }
        if (candidates is BitmapContainer bitmap)
        {
            bitmap.Words.CopyTo(_words, 0);
            return;
        }
        Array.Clear(_words);
        candidates.OrInto(_words);
    }

    /// <summary>The rows left, as a new container, or null when none.</summary>
    public Container? ToContainer()
    {
        if (Count == 0)
            return null;
        if (_sparse)
            return ArrayContainer.FromSpan(_offsets.AsSpan(0, Count));
        if (Count > RoaringConstants.ArrayMaxCardinality)
            return new BitmapContainer((ulong[])_words.Clone(), Count);
        var values = new ushort[Count];
        SelectionKernels.BitsToOffsets(_words, values);
        return new ArrayContainer(values, Count);
    }

    /// <summary>Keeps the rows where <paramref name="scan"/> is TRUE (never a NULL).</summary>
    public void Scan(ScanFilter scan)
    {
        if (Count == 0)
            return;
        switch (data.Segments[Key].Chunk(scan.Column))
        {
            case NumericChunk<int> ints:
                Scan(ints, scan, scan.Low, scan.High, int.MinValue, int.MaxValue);
                break;
            case NumericChunk<long> longs:
                Scan(longs, scan, scan.Low, scan.High, long.MinValue, long.MaxValue);
                break;
            case NumericChunk<double> doubles:
                Scan(doubles, scan, scan.RealLow, scan.RealHigh, double.NegativeInfinity, double.PositiveInfinity);
                break;
            default:
                throw new PortraitDbException(PortraitDbErrorKind.Internal, "A scan over a non-numeric column.");
        }
        if (Count > 0 && RowReader.ContainerOf(data.NullRows[scan.Column], Key) is { } nulls)
            RemoveNulls(nulls);
    }

    private void Scan<T, TBound>(NumericChunk<T> chunk, ScanFilter scan, TBound lowBound, TBound highBound, T typeMin, T typeMax)
        where T : unmanaged, INumber<T>
        where TBound : INumber<TBound>
    {
        T low = T.CreateSaturating(lowBound);
        T high = T.CreateSaturating(highBound);
        bool isReal = typeof(T) == typeof(double);
        if (chunk.HasRange && !scan.NotEqual)
        {
            if (chunk.Max < low || chunk.Min > high)
            {
                Count = 0;
                return;
            }
            if (!isReal && chunk.Min >= low && chunk.Max <= high)
                return;
        }
        // A chunk grows only when a value is stored, so rows past its end are NULLs at the end of the segment: none passes.
        int stored = Math.Min(chunk.Values.Length, _rows);
        if (stored < _rows)
            KeepBelow(stored);
        if (Count == 0)
            return;
        var values = chunk.Values.AsSpan(0, stored);
        if (_sparse)
        {
            var offsets = _offsets.AsSpan(0, Count);
            Count = scan.NotEqual
                ? ScanKernels.CompareSelected(values, offsets, CompareOp.NotEqual, low, offsets)
                : low == high
                    ? ScanKernels.CompareSelected(values, offsets, CompareOp.Equal, low, offsets)
                    : ScanKernels.BetweenSelected(values, offsets, low, high, offsets);
            return;
        }
        var matches = _scratch.AsSpan(0, KernelVectors.WordCount(stored));
        if (scan.NotEqual)
            ScanKernels.Compare(values, CompareOp.NotEqual, low, matches);
        else if (low == high)
            ScanKernels.Compare(values, CompareOp.Equal, low, matches);
        else if (low == typeMin)
            ScanKernels.Compare(values, CompareOp.LessOrEqual, high, matches);
        else if (high == typeMax)
            ScanKernels.Compare(values, CompareOp.GreaterOrEqual, low, matches);
        else
            ScanKernels.Between(values, low, high, matches);
        // Words from `stored` on are already clear (KeepBelow), so the AND of the compared words is the whole count.
        Count = SelectionKernels.AndBits(_words.AsSpan(0, matches.Length), matches, _words);
        Sparsify();
    }

    /// <summary>Drops the candidates at or beyond <paramref name="limit"/>.</summary>
    private void KeepBelow(int limit)
    {
        if (_sparse)
        {
            int kept = Count;
            while (kept > 0 && _offsets[kept - 1] >= limit)
                kept--;
            Count = kept;
            return;
        }
        int word = limit >> 6;
        if ((limit & 63) != 0)
            _words[word++] &= (1UL << limit) - 1;
        _words.AsSpan(word).Clear();
        Count = (int)BitsetKernels.PopCount(_words);
        Sparsify();
    }

    private void RemoveNulls(Container nulls)
    {
        if (_sparse)
        {
            int kept = 0;
            for (int index = 0; index < Count; index++)
            {
                ushort offset = _offsets[index];
                _offsets[kept] = offset;
                kept += nulls.Contains(offset) ? 0 : 1;
            }
            Count = kept;
            return;
        }
        Array.Clear(_scratch);
        nulls.OrInto(_scratch);
        Count = (int)BitsetKernels.BinaryStore<AndNotOperator>(_words, _scratch, _words);
        Sparsify();
    }

    private void Sparsify()
    {
        if (_sparse || (long)Count * GatherRatio >= _rows)
            return;
        SelectionKernels.BitsToOffsets(_words, _offsets);
        _sparse = true;
    }
}
