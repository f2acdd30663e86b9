using System.Numerics;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Portrait;

/// <summary>
/// Exact QUANTILE_CONT cut points of a number, date or timestamp column, by counting rather than sorting: every value
/// becomes an unsigned key that keeps its order (a signed integer with its sign bit flipped; a double's bits arranged
/// to sort), and parallel passes count keys by 16 bits at a time, each pass only within the ranges that hold a wanted
/// position, until each is one key. A column of fewer than 65,536 distinct keys from its smallest (dates, order
/// counts) takes one counting pass; nothing of the column's size is allocated.
/// </summary>
internal static class ColumnQuantiles
{
    private const int BucketBits = 16;
    private const int NarrowBucketBits = 12;

    /// <summary>
    /// The cut points at <paramref name="fractions"/> (numerator, denominator) of the non-NULL values of
    /// <paramref name="column"/> over the live rows (among <paramref name="rows"/> when given): position q·(n−1) as an
    /// exact fraction, the values at its floor and ceiling, interpolated (see <see cref="QuantileCut"/>). Empty when
    /// there are no values.
    /// </summary>
    public static QuantileCut[] Compute(TableData data, int column, RoaringBitmap? rows, IReadOnlyList<(long Numerator, long Denominator)> fractions, CancellationToken cancellationToken)
    {
        var selected = RoaringBitmap.AndNot(rows is null ? data.LiveRows : RoaringBitmap.And(rows, data.LiveRows), data.NullRows[column]);
        long count = selected.Cardinality;
        if (count == 0)
            return [];
        var places = new (long Below, long Above, Int128 Remainder, Int128 Denominator)[fractions.Count];
        var positions = new SortedSet<long>();
        for (int index = 0; index < fractions.Count; index++)
        {
            var (numerator, denominator) = fractions[index];
            Int128 scaled = (Int128)numerator * (count - 1);
            long below = (long)(scaled / denominator);
            Int128 remainder = scaled % denominator;
            long above = remainder == 0 ? below : below + 1;
            places[index] = (below, above, remainder, denominator);
            positions.Add(below);
            positions.Add(above);
        }
        var kind = data.Schema.Columns[column].Type.Kind;
        bool real = kind == ColumnKind.Double;
        var values = kind switch
        {
            ColumnKind.Double => Select<double, RealKeys>(data, column, selected, [.. positions], cancellationToken),
            ColumnKind.Int32 or ColumnKind.Date => Select<int, IntegerKeys<int>>(data, column, selected, [.. positions], cancellationToken),
            _ => Select<long, IntegerKeys<long>>(data, column, selected, [.. positions], cancellationToken),
        };
        var cuts = new QuantileCut[places.Length];
        for (int index = 0; index < places.Length; index++)
        {
            var (below, above, remainder, denominator) = places[index];
            var low = values[below];
            var high = values[above];
            cuts[index] = real
                ? new QuantileCut(0, 0, remainder, denominator, low.Real + ((high.Real - low.Real) * ((double)remainder / (double)denominator)))
                : new QuantileCut(low.Integer, high.Integer, remainder, denominator, 0);
        }
        return cuts;
    }

    /// <summary>A value found at a position: <see cref="Integer"/> for integral storage, <see cref="Real"/> for doubles.</summary>
    private readonly record struct Found(long Integer, double Real);

    /// <summary>How values of <typeparamref name="T"/> become order-keeping unsigned keys and back.</summary>
    private interface IKeys<T>
        where T : unmanaged
    {
        static abstract ulong Key(T value);

        static abstract Found Value(ulong key);
    }

    private readonly struct IntegerKeys<T> : IKeys<T>
        where T : unmanaged, IBinaryInteger<T>
    {
        // Flipping the sign bit orders signed integers as unsigned ones.
        public static ulong Key(T value) => (ulong)long.CreateTruncating(value) ^ (1UL << 63);

        public static Found Value(ulong key) => new((long)(key ^ (1UL << 63)), 0);
    }

    private readonly struct RealKeys : IKeys<double>
    {
        // Positive doubles sort as their bits with the sign set; negative ones as their bits inverted; NaN after +∞.
        public static ulong Key(double value)
        {
            ulong bits = BitConverter.DoubleToUInt64Bits(value);
            return (bits & (1UL << 63)) == 0 ? bits | (1UL << 63) : ~bits;
        }

        public static Found Value(ulong key) =>
            new(0, BitConverter.UInt64BitsToDouble((key & (1UL << 63)) != 0 ? key & ~(1UL << 63) : ~key));
    }

    /// <summary>
    /// The values at <paramref name="positions"/> (ascending, distinct) of the sorted values of the selected rows. Each
    /// level counts, in one pass, the keys of the ranges that still hold a wanted position by 16 more bits (12 when
    /// there are several ranges), until the ranges are one key wide: one pass for a column whose values span fewer
    /// than 65,536 keys, a few for any other.
    /// The key range comes from the zone maps (bounds of every value written) for integers, from a first pass for doubles.
    /// </summary>
    private static Dictionary<long, Found> Select<T, TKeys>(TableData data, int column, RoaringBitmap selected, long[] positions, CancellationToken cancellationToken)
        where T : unmanaged, INumber<T>
        where TKeys : IKeys<T>
    {
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        var gate = new Lock();
        ulong minKey = ulong.MaxValue;
        ulong maxKey = 0;
        if (typeof(T) != typeof(double))
        {
            for (int index = 0; index < selected.ContainerCount; index++)
            {
                var chunk = (NumericChunk<T>)data.Segments[selected.KeyAt(index)].Chunk(column);
                minKey = Math.Min(minKey, TKeys.Key(chunk.Min));
                maxKey = Math.Max(maxKey, TKeys.Key(chunk.Max));
            }
        }
        else
        {
            Parallel.For(0, selected.ContainerCount, options, () => new KeyRange<T, TKeys>(), (index, _, range) =>
            {
                ForEach<T, KeyRange<T, TKeys>>(data, column, selected, index, ref range);
                return range;
            }, range =>
            {
                lock (gate)
                {
                    minKey = Math.Min(minKey, range.Min);
                    maxKey = Math.Max(maxKey, range.Max);
                }
            });
        }

        // Each wanted position: the start of the key range that holds it, and its rank among the keys in that range.
        var starts = new ulong[positions.Length];
        var ranks = positions.ToArray();
        Array.Fill(starts, minKey);
        int width = 64 - BitOperations.LeadingZeroCount(maxKey - minKey);
        while (true)
        {
            var ranges = starts.Distinct().ToArray();
            // One range splits into 65,536 buckets; several (a pass after the first) into 4,096 each, so the counts stay small.
            int bits = ranges.Length == 1 ? BucketBits : NarrowBucketBits;
            int buckets = 1 << bits;
            int shift = Math.Max(0, width - bits);
            ulong span = width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
            var counts = new long[ranges.Length * buckets];
            Parallel.For(0, selected.ContainerCount, options, () => new KeyCounts<T, TKeys>(ranges, span, shift, buckets), (index, _, local) =>
            {
                ForEach<T, KeyCounts<T, TKeys>>(data, column, selected, index, ref local);
                return local;
            }, local =>
            {
                lock (gate)
                {
                    for (int slot = 0; slot < counts.Length; slot++)
                        counts[slot] += local.Counts[slot];
                }
            });
            for (int target = 0; target < positions.Length; target++)
            {
                int first = Array.IndexOf(ranges, starts[target]) * buckets;
                int bucket = 0;
                while (ranks[target] >= counts[first + bucket])
                    ranks[target] -= counts[first + bucket++];
                starts[target] += (ulong)bucket << shift;
            }
            if (shift == 0)
                break;
            width = shift;
        }
        var found = new Dictionary<long, Found>();
        for (int target = 0; target < positions.Length; target++)
            found[positions[target]] = TKeys.Value(starts[target]);
        return found;
    }

    /// <summary>What a pass does with each value.</summary>
    private interface IVisitor<T>
    {
        void Visit(T value);
    }

    /// <summary>The smallest and largest key seen.</summary>
    private struct KeyRange<T, TKeys>() : IVisitor<T>
        where T : unmanaged
        where TKeys : IKeys<T>
    {
        public ulong Min = ulong.MaxValue;
        public ulong Max = 0;

        public void Visit(T value)
        {
            ulong key = TKeys.Key(value);
            Min = Math.Min(Min, key);
            Max = Math.Max(Max, key);
        }
    }

    /// <summary>Counts of the keys inside each of a few ranges, by their bits above <c>shift</c>.</summary>
    private struct KeyCounts<T, TKeys>(ulong[] ranges, ulong span, int shift, int buckets) : IVisitor<T>
        where T : unmanaged
        where TKeys : IKeys<T>
    {
        public readonly long[] Counts = new long[ranges.Length * buckets];

        public readonly void Visit(T value)
        {
            ulong key = TKeys.Key(value);
            for (int range = 0; range < ranges.Length; range++)
            {
                ulong offset = key - ranges[range];
                if (key >= ranges[range] && offset <= span)
                {
                    Counts[(range * buckets) + (int)(offset >> shift)]++;
                    return;
                }
            }
        }
    }

    /// <summary>Shows <paramref name="visitor"/> the value of each row of container <paramref name="index"/> of <paramref name="selected"/>.</summary>
    private static void ForEach<T, TVisitor>(TableData data, int column, RoaringBitmap selected, int index, ref TVisitor visitor)
        where T : unmanaged, INumber<T>
        where TVisitor : struct, IVisitor<T>
    {
        var values = ((NumericChunk<T>)data.Segments[selected.KeyAt(index)].Chunk(column)).Values;
        switch (selected.ContainerAt(index))
        {
            case ArrayContainer array:
                foreach (ushort offset in array.Span)
                    visitor.Visit(values[offset]);
                break;
            case RunContainer runs:
                for (int run = 0; run < runs.NumberOfRuns; run++)
                {
                    foreach (var value in values.AsSpan(runs.Runs[2 * run], runs.Runs[(2 * run) + 1] + 1))
                        visitor.Visit(value);
                }
                break;
            case BitmapContainer bitmap:
                for (int word = 0; word < bitmap.Words.Length; word++)
                {
                    ulong bits = bitmap.Words[word];
                    if (bits == ulong.MaxValue)
                    {
                        foreach (var value in values.AsSpan(word << 6, 64))
                            visitor.Visit(value);
                        continue;
                    }
                    while (bits != 0)
                    {
                        visitor.Visit(values[(word << 6) + BitOperations.TrailingZeroCount(bits)]);
                        bits &= bits - 1;
                    }
                }
                break;
        }
    }
}
