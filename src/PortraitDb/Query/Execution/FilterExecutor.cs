using System.Numerics;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query.Planning;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Query.Execution;

/// <summary>
/// Evaluates a <see cref="FilterNode"/> tree to the bitmap of rows where the condition is TRUE. AND children run in
/// plan order, each on the rows the previous ones left (bitmap leaves first, as one multi-way AND), so a scan only
/// reads segments, and within them only rows, that are still candidates. Scans and row leaves run per segment in
/// parallel.
/// </summary>
internal sealed class FilterExecutor(TableData data, CancellationToken cancellationToken)
{
    // Below one candidate in this many rows a scan gathers the candidates' values instead of comparing the whole segment.
    private const int GatherRatio = 16;
    private const long ParallelThreshold = 1 << 17;

    /// <summary>The rows where <paramref name="node"/> is TRUE. The result may be an index bitmap itself: never modify it.</summary>
    public RoaringBitmap Evaluate(FilterNode node) => Evaluate(node, null);

    /// <summary>How many rows pass, without building the set when the condition is an AND of bitmap leaves.</summary>
    public long Count(FilterNode node)
    {
        switch (node)
        {
            case ConstantFilter constant:
                return constant.Passes ? data.LiveRows.Cardinality : 0;
            case BitmapFilter { Bitmaps.Count: > 1, Intersect: true } bitmap:
                return AndManyCardinality([.. bitmap.Bitmaps]);
            case BitmapFilter bitmap:
                return bitmap.Set.Cardinality;
            case AndFilter conjunction when conjunction.Children.All(child => child is BitmapFilter):
                return AndManyCardinality([.. conjunction.Children.SelectMany(BitmapOperands)]);
            default:
                return Evaluate(node).Cardinality;
        }
    }

    /// <summary>
    /// The rows of segment <paramref name="key"/> where <paramref name="node"/> is TRUE, or null when none: for
    /// listings that stop after the first rows, so later segments are never evaluated.
    /// </summary>
    public Container? EvaluateSegment(FilterNode node, ushort key, RowReader reader) =>
        RowReader.ContainerOf(data.LiveRows, key) is { } live ? EvaluateSegment(node, key, live, reader) : null;

    private Container? EvaluateSegment(FilterNode node, ushort key, Container candidates, RowReader reader)
    {
        switch (node)
        {
            case ConstantFilter constant:
                return constant.Passes ? candidates : null;
            case BitmapFilter bitmap:
                return RowReader.ContainerOf(bitmap.Set, key) is { } set ? NonEmpty(ContainerOperations.And(candidates, set)) : null;
            case AndFilter conjunction:
                {
                    Container? current = candidates;
                    foreach (var child in conjunction.Children)
                    {
                        current = EvaluateSegment(child, key, current, reader);
                        if (current is null)
                            return null;
                    }
                    return current;
                }
            case OrFilter disjunction:
                {
                    Container? union = null;
                    foreach (var child in disjunction.Children)
                    {
                        if (EvaluateSegment(child, key, candidates, reader) is { } part)
                            union = union is null ? part : ContainerOperations.Or(union, part);
                    }
                    return union;
                }
            case ScanFilter scan:
                return NonEmpty(Scan(scan, key, candidates));
            case RowFilter row:
                return Rows(row, key, candidates, reader);
            default:
                throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Unknown filter node {node.GetType().Name}.");
        }
    }

    private static Container? NonEmpty(Container? container) => container is { Cardinality: > 0 } ? container : null;

    // Enough segments that a second core pays for its start: the intersection is bound by memory, not arithmetic.
    private const int ParallelCountMinimumSegments = 48;

    private long AndManyCardinality(RoaringBitmap[] bitmaps)
    {
        int segments = bitmaps.Min(bitmap => bitmap.ContainerCount);
        return segments >= ParallelCountMinimumSegments
            ? RoaringBitmap.AndManyCardinality(bitmaps, Environment.ProcessorCount, cancellationToken)
            : RoaringBitmap.AndManyCardinality(bitmaps);
    }

    private static IEnumerable<RoaringBitmap> BitmapOperands(FilterNode node)
    {
        var bitmap = (BitmapFilter)node;
        return bitmap.Intersect ? bitmap.Bitmaps : [bitmap.Set];
    }

    /// <summary>
    /// The rows among <paramref name="candidates"/> (all live rows when null) where <paramref name="node"/> is TRUE; the
    /// result may be an index bitmap or the candidates themselves: never modify it.
    /// </summary>
    public RoaringBitmap Evaluate(FilterNode node, RoaringBitmap? candidates)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (node)
        {
            case ConstantFilter constant:
                return constant.Passes ? candidates ?? data.LiveRows : new RoaringBitmap();
            case BitmapFilter bitmap:
                return candidates is null ? bitmap.Set : RoaringBitmap.And(candidates, bitmap.Set);
            case AndFilter conjunction:
                {
                    var operands = new List<RoaringBitmap>();
                    if (candidates is not null)
                        operands.Add(candidates);
                    int next = 0;
                    while (next < conjunction.Children.Count && conjunction.Children[next] is BitmapFilter)
                        operands.AddRange(BitmapOperands(conjunction.Children[next++]));
                    var result = operands.Count switch
                    {
                        0 => null,
                        1 => operands[0],
                        _ => RoaringBitmap.AndMany([.. operands]),
                    };
                    for (; next < conjunction.Children.Count; next++)
                    {
                        if (result is { IsEmpty: true })
                            return result;
                        result = Evaluate(conjunction.Children[next], result);
                    }
                    return result ?? data.LiveRows;
                }
            case OrFilter disjunction:
                {
                    var parts = disjunction.Children.Select(child => Evaluate(child, candidates)).ToArray();
                    return RoaringBitmap.OrMany(parts);
                }
            case ScanFilter scan:
                return PerSegment(candidates ?? data.LiveRows, (key, container, _) => Scan(scan, key, container));
            case RowFilter row:
                return PerSegment(candidates ?? data.LiveRows, (key, container, reader) => Rows(row, key, container, reader));
            default:
                throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Unknown filter node {node.GetType().Name}.");
        }
    }

    private RoaringBitmap PerSegment(RoaringBitmap candidates, Func<ushort, Container, RowReader, Container?> evaluate)
    {
        int count = candidates.ContainerCount;
        var results = new Container?[count];
        if (count > 1 && candidates.Cardinality >= ParallelThreshold)
        {
            var options = new ParallelOptions { CancellationToken = cancellationToken };
            Parallel.For(0, count, options, () => new RowReader(data), (index, _, reader) =>
            {
                results[index] = evaluate(candidates.KeyAt(index), candidates.ContainerAt(index), reader);
                return reader;
            }, _ => { });
        }
        else
        {
            var reader = new RowReader(data);
            for (int index = 0; index < count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[index] = evaluate(candidates.KeyAt(index), candidates.ContainerAt(index), reader);
            }
        }
        var bitmap = new RoaringBitmap();
        for (int index = 0; index < count; index++)
        {
            if (results[index] is { Cardinality: > 0 } container)
                bitmap.Append(candidates.KeyAt(index), container);
        }
        return bitmap;
    }

    private Container? Scan(ScanFilter scan, ushort key, Container candidates)
    {
        var segment = data.Segments[key];
        var chunk = segment.Chunk(scan.Column);
        var result = chunk switch
        {
            NumericChunk<int> ints => Scan(ints, segment.RowCount, candidates, scan, scan.Low, scan.High, int.MinValue, int.MaxValue),
            NumericChunk<long> longs => Scan(longs, segment.RowCount, candidates, scan, scan.Low, scan.High, long.MinValue, long.MaxValue),
            NumericChunk<double> doubles => Scan(doubles, segment.RowCount, candidates, scan, scan.RealLow, scan.RealHigh, double.NegativeInfinity, double.PositiveInfinity),
            _ => throw new PortraitDbException(PortraitDbErrorKind.Internal, "A scan over a non-numeric column."),
        };
        if (result is null)
            return null;
        var nulls = RowReader.ContainerOf(data.NullRows[scan.Column], key);
        return nulls is null ? result : ContainerOperations.AndNot(result, nulls);
    }

    private static Container? Scan<T, TBound>(NumericChunk<T> chunk, int rows, Container candidates, ScanFilter scan, TBound lowBound, TBound highBound, T typeMin, T typeMax)
        where T : unmanaged, INumber<T>
        where TBound : INumber<TBound>
    {
        T low = T.CreateSaturating(lowBound);
        T high = T.CreateSaturating(highBound);
        bool isReal = typeof(T) == typeof(double);
        if (chunk.HasRange && !scan.NotEqual)
        {
            if (chunk.Max < low || chunk.Min > high)
                return null;
            if (!isReal && chunk.Min >= low && chunk.Max <= high)
                return candidates;
        }
        // A chunk grows only when a value is stored, so rows past its end are NULLs at the end of the segment: none passes.
        if (chunk.Values.Length < rows)
        {
            rows = chunk.Values.Length;
            if (rows == 0 || ContainerOperations.And(candidates, RunContainer.FromRange(0, rows)) is not { Cardinality: > 0 } stored)
                return null;
            candidates = stored;
        }
        var values = chunk.Values.AsSpan(0, rows);
        if ((long)candidates.Cardinality * GatherRatio < rows)
        {
            Span<ushort> offsets = stackalloc ushort[candidates.Cardinality];
            Offsets(candidates, offsets);
            int passed = scan.NotEqual
                ? ScanKernels.CompareSelected(values, offsets, CompareOp.NotEqual, low, offsets)
                : low == high
                    ? ScanKernels.CompareSelected(values, offsets, CompareOp.Equal, low, offsets)
                    : ScanKernels.BetweenSelected(values, offsets, low, high, offsets);
            return passed == 0 ? null : ArrayContainer.FromSpan(offsets[..passed]);
        }
        var words = new ulong[RoaringConstants.BitsetWords];
        int count;
        if (scan.NotEqual)
            count = ScanKernels.Compare(values, CompareOp.NotEqual, low, words);
        else if (low == high)
            count = ScanKernels.Compare(values, CompareOp.Equal, low, words);
        else if (low == typeMin)
            count = ScanKernels.Compare(values, CompareOp.LessOrEqual, high, words);
        else if (high == typeMax)
            count = ScanKernels.Compare(values, CompareOp.GreaterOrEqual, low, words);
        else
            count = ScanKernels.Between(values, low, high, words);
        if (count == 0)
            return null;
        var matches = new BitmapContainer(words, count).Normalize();
        return candidates.IsFull ? matches : ContainerOperations.And(candidates, matches);
    }

    private static Container? Rows(RowFilter row, ushort key, Container candidates, RowReader reader)
    {
        var offsets = new ushort[candidates.Cardinality];
        Offsets(candidates, offsets);
        int passed = 0;
        uint high = (uint)key << 16;
        var context = new EvaluationContext { Reader = reader };
        foreach (ushort offset in offsets)
        {
            context.Row = high | offset;
            var value = ExpressionEvaluator.Evaluate(row.Predicate, ref context);
            if (!value.IsNull && value.AsBool != row.Negated)
                offsets[passed++] = offset;
        }
        return ContainerFromOffsets(offsets.AsSpan(0, passed));
    }

    /// <summary>Writes a container's values in ascending order; returns how many.</summary>
    public static int Offsets(Container container, Span<ushort> destination)
    {
        switch (container)
        {
            case ArrayContainer array:
                array.Span.CopyTo(destination);
                return array.Count;
            case BitmapContainer bitmap:
                return SelectionKernels.BitsToOffsets(bitmap.Words, destination);
            default:
                {
                    var runs = (RunContainer)container;
                    int count = 0;
                    for (int run = 0; run < runs.NumberOfRuns; run++)
                    {
                        int start = runs.Runs[2 * run];
                        int length = runs.Runs[(2 * run) + 1];
                        for (int value = start; value <= start + length; value++)
                            destination[count++] = (ushort)value;
                    }
                    return count;
                }
        }
    }

    /// <summary>A container holding sorted <paramref name="offsets"/>, or null when there are none.</summary>
    public static Container? ContainerFromOffsets(ReadOnlySpan<ushort> offsets)
    {
        if (offsets.IsEmpty)
            return null;
        if (offsets.Length <= RoaringConstants.ArrayMaxCardinality)
            return ArrayContainer.FromSpan(offsets);
        var words = new ulong[RoaringConstants.BitsetWords];
        foreach (ushort offset in offsets)
            words[offset >> 6] |= 1UL << offset;
        return new BitmapContainer(words, offsets.Length);
    }
}
