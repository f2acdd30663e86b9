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
    /// <summary>The rows where <paramref name="node"/> is TRUE. The result may be an index bitmap itself: never modify it.</summary>
    public RoaringBitmap Evaluate(FilterNode node) => Evaluate(node, null);

    /// <summary>How many rows pass, without building the set when the condition is an AND of bitmap leaves and scans.</summary>
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
            case AndFilter conjunction:
                {
                    var (operands, rest) = Split(conjunction, null);
                    return rest.Count == 0 ? AndManyCardinality([.. operands]) : Conjunction(operands, rest, countOnly: true).Count;
                }
            case ScanFilter or RowFilter:
                return Conjunction([], [node], countOnly: true).Count;
            default:
                return Evaluate(node).Cardinality;
        }
    }

    /// <summary>
    /// The rows of segment <paramref name="key"/> where <paramref name="node"/> is TRUE, or null when none: for
    /// listings that stop after the first rows, so later segments are never evaluated.
    /// </summary>
    public Container? EvaluateSegment(FilterNode node, ushort key, SegmentRows rows) =>
        RowReader.ContainerOf(data.LiveRows, key) is { } live ? EvaluateSegment(node, key, live, rows) : null;

    private Container? EvaluateSegment(FilterNode node, ushort key, Container candidates, SegmentRows rows)
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
                        current = EvaluateSegment(child, key, current, rows);
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
                        if (EvaluateSegment(child, key, candidates, rows) is { } part)
                            union = union is null ? part : ContainerOperations.Or(union, part);
                    }
                    return union;
                }
            case ScanFilter scan:
                rows.Load(key, candidates);
                rows.Scan(scan);
                return rows.ToContainer();
            case RowFilter row:
                return Rows(row, key, candidates, rows.Reader);
            default:
                throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Unknown filter node {node.GetType().Name}.");
        }
    }

    private static Container? NonEmpty(Container? container) => container is { Cardinality: > 0 } ? container : null;

    // Enough segments that a second core pays for waking: a segment's AND of dense index bitsets costs well under a
    // microsecond. At 10M rows (153 segments) a cold 4-tag count took 0.27-0.59 ms on one core against 0.44-1.2 ms
    // split over two (medians of three rounds, caches flushed between runs).
    private const int ParallelCountMinimumSegments = 256;

    private long AndManyCardinality(RoaringBitmap[] bitmaps)
    {
        int segments = bitmaps.Min(bitmap => bitmap.ContainerCount);
        // In pieces (PiecesPerCore a core), so the calling thread goes on taking them while a woken worker is still
        // starting: with one half each, the caller would wait for the worker whenever waking takes longer than the work.
        return segments >= ParallelCountMinimumSegments
            ? RoaringBitmap.AndManyCardinality(bitmaps, Environment.ProcessorCount * PiecesPerCore, cancellationToken)
            : RoaringBitmap.AndManyCardinality(bitmaps);
    }

    private static IEnumerable<RoaringBitmap> BitmapOperands(FilterNode node)
    {
        var bitmap = (BitmapFilter)node;
        return bitmap.Intersect ? bitmap.Bitmaps : [bitmap.Set];
    }

    /// <summary>An AND's leading bitmap leaves as the operands of one multi-way AND (with the rows so far), and the children after them.</summary>
    private static (List<RoaringBitmap> Operands, List<FilterNode> Others) Split(AndFilter conjunction, RoaringBitmap? candidates)
    {
        var operands = new List<RoaringBitmap>();
        if (candidates is not null)
            operands.Add(candidates);
        int next = 0;
        while (next < conjunction.Children.Count && conjunction.Children[next] is BitmapFilter)
            operands.AddRange(BitmapOperands(conjunction.Children[next++]));
        return (operands, [.. conjunction.Children.Skip(next)]);
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
                    var (operands, rest) = Split(conjunction, candidates);
                    if (rest.Count > 0)
                        return Conjunction(operands, rest, countOnly: false).Rows!;
                    return operands.Count switch
                    {
                        0 => data.LiveRows,
                        1 => operands[0],
                        _ => RoaringBitmap.AndMany([.. operands]),
                    };
                }
            case OrFilter disjunction:
                {
                    var parts = disjunction.Children.Select(child => Evaluate(child, candidates)).ToArray();
                    return RoaringBitmap.OrMany(parts);
                }
            case ScanFilter or RowFilter:
                return Conjunction(candidates is null ? [] : [candidates], [node], countOnly: false).Rows!;
            default:
                throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Unknown filter node {node.GetType().Name}.");
        }
    }

    // Work is dealt out in this many pieces per core, so that a core the machine gives to another process late does
    // not leave the others waiting at the end.
    private const int PiecesPerCore = 4;

    /// <summary>
    /// The AND of <paramref name="operands"/> (the live rows when none) and then of <paramref name="rest"/>, in one pass
    /// per segment in parallel: each segment's part of the multi-way AND goes straight into its scans and row tests,
    /// while it is in cache, and no intermediate bitmap is built. Gives the count, and the rows unless
    /// <paramref name="countOnly"/>.
    /// </summary>
    private (long Count, RoaringBitmap? Rows) Conjunction(List<RoaringBitmap> operands, List<FilterNode> rest, bool countOnly)
    {
        RoaringBitmap[] sources = operands.Count == 0 ? [data.LiveRows] : [.. operands];
        int keys = sources.Length == 1 ? sources[0].ContainerCount : RoaringBitmap.AndManyKeyCount(sources);
        int pieces = Math.Max(1, Math.Min(keys, Environment.ProcessorCount * PiecesPerCore));
        var results = countOnly ? null : new List<(ushort Key, Container Rows)>[pieces];
        long total = 0;

        void Piece(int piece, SegmentRows rows)
        {
            int start = (int)((long)keys * piece / pieces);
            int end = (int)((long)keys * (piece + 1) / pieces);
            var found = countOnly ? null : new List<(ushort, Container)>();
            long count = 0;
            void Segment(ushort key, Container candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows.Load(key, candidates);
                foreach (var child in rest)
                {
                    if (rows.Count == 0)
                        return;
                    if (child is ScanFilter scan)
                    {
                        rows.Scan(scan);
                    }
                    else if (rows.ToContainer() is { } current)
                    {
                        if (EvaluateSegment(child, key, current, rows) is not { } passed)
                            return;
                        rows.Load(key, passed);
                    }
                }
                count += rows.Count;
                if (found is not null && rows.ToContainer() is { } result)
                    found.Add((key, result));
            }
            if (sources.Length > 1)
            {
                RoaringBitmap.AndManyEach(sources, start, end, Segment);
            }
            else
            {
                for (int index = start; index < end; index++)
                    Segment(sources[0].KeyAt(index), sources[0].ContainerAt(index));
            }
            Interlocked.Add(ref total, count);
            if (results is not null)
                results[piece] = found!;
        }

        if (pieces > 1)
        {
            Parallel.For(0, pieces, new ParallelOptions { CancellationToken = cancellationToken }, () => new SegmentRows(data),
                (piece, _, rows) =>
                {
                    Piece(piece, rows);
                    return rows;
                }, _ => { });
        }
        else
        {
            Piece(0, new SegmentRows(data));
        }
        if (results is null)
            return (total, null);
        var bitmap = new RoaringBitmap();
        foreach (var (key, container) in results.SelectMany(found => found))
            bitmap.Append(key, container);
        return (total, bitmap);
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
