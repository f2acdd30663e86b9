using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query.Execution;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Portrait;

/// <summary>
/// Row counts and column means over a few disjoint row sets (RFM's segments), straight from their bitmaps: per
/// segment of the table, each set's container becomes a mask and each column is summed with the masked SIMD sum
/// (exact for integers and decimals), segments in parallel. Means are in the column's values: decimals unscaled,
/// dates as days since 1970-01-01, timestamps as microseconds.
/// </summary>
internal static class GroupMeans
{
    /// <summary>For each set: its live rows, and per column the mean of its non-NULL values (null when it has none).</summary>
    public static (long Rows, double?[] Means)[] Compute(TableData data, IReadOnlyList<RoaringBitmap> groups, IReadOnlyList<int> columns, CancellationToken cancellationToken)
    {
        var keys = groups.SelectMany(group => Enumerable.Range(0, group.ContainerCount).Select(group.KeyAt)).Distinct().Order().ToArray();
        var total = new Totals(groups.Count, columns.Count);
        var gate = new Lock();
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, keys.Length, options, () => new Totals(groups.Count, columns.Count), (index, _, totals) =>
        {
            ushort key = keys[index];
            var segment = data.Segments[key];
            if (RowReader.ContainerOf(data.LiveRows, key) is not { } live)
                return totals;
            Span<ulong> mask = stackalloc ulong[RoaringConstants.BitsetWords];
            Span<ulong> valid = stackalloc ulong[RoaringConstants.BitsetWords];
            Span<ulong> alive = stackalloc ulong[RoaringConstants.BitsetWords];
            Span<ulong> missing = stackalloc ulong[RoaringConstants.BitsetWords];
            live.OrInto(alive);
            for (int group = 0; group < groups.Count; group++)
            {
                if (RowReader.ContainerOf(groups[group], key) is not { } rows)
                    continue;
                mask.Clear();
                rows.OrInto(mask);
                for (int word = 0; word < mask.Length; word++)
                    mask[word] &= alive[word];
                totals.Rows[group] += AggregateKernels.Count(mask, ColumnChunk.SegmentRows);
                for (int measure = 0; measure < columns.Count; measure++)
                {
                    int column = columns[measure];
                    mask.CopyTo(valid);
                    if (RowReader.ContainerOf(data.NullRows[column], key) is { } nulls)
                    {
                        missing.Clear();
                        nulls.OrInto(missing);
                        for (int word = 0; word < valid.Length; word++)
                            valid[word] &= ~missing[word];
                    }
                    int slot = (group * columns.Count) + measure;
                    switch (segment.Chunk(column))
                    {
                        case NumericChunk<int> ints:
                            totals.Counts[slot] += AggregateKernels.Count(valid, ints.Values.Length);
                            totals.Integers[slot] += AggregateKernels.Sum((ReadOnlySpan<int>)ints.Values, valid);
                            break;
                        case NumericChunk<long> longs:
                            totals.Counts[slot] += AggregateKernels.Count(valid, longs.Values.Length);
                            totals.Integers[slot] += AggregateKernels.Sum((ReadOnlySpan<long>)longs.Values, valid);
                            break;
                        case NumericChunk<double> doubles:
                            totals.Counts[slot] += AggregateKernels.Count(valid, doubles.Values.Length);
                            totals.Reals[slot] += AggregateKernels.Sum((ReadOnlySpan<double>)doubles.Values, valid);
                            break;
                        default:
                            throw new PortraitDbException(PortraitDbErrorKind.Internal, "A mean over a non-numeric column.");
                    }
                }
            }
            return totals;
        }, totals =>
        {
            lock (gate)
                total.Add(totals);
        });
        var results = new (long Rows, double?[] Means)[groups.Count];
        for (int group = 0; group < groups.Count; group++)
        {
            var means = new double?[columns.Count];
            for (int measure = 0; measure < columns.Count; measure++)
            {
                int slot = (group * columns.Count) + measure;
                var type = data.Schema.Columns[columns[measure]].Type;
                double scale = type.Kind == ColumnKind.Decimal ? ValueConversion.PowerOfTen(type.Scale) : 1;
                double sum = type.Kind == ColumnKind.Double ? total.Reals[slot] : (double)total.Integers[slot] / scale;
                means[measure] = total.Counts[slot] == 0 ? null : sum / total.Counts[slot];
            }
            results[group] = (total.Rows[group], means);
        }
        return results;
    }

    private sealed class Totals(int groups, int columns)
    {
        public readonly long[] Rows = new long[groups];
        public readonly long[] Counts = new long[groups * columns];
        public readonly Int128[] Integers = new Int128[groups * columns];
        public readonly double[] Reals = new double[groups * columns];

        public void Add(Totals other)
        {
            for (int group = 0; group < Rows.Length; group++)
                Rows[group] += other.Rows[group];
            for (int slot = 0; slot < Counts.Length; slot++)
            {
                Counts[slot] += other.Counts[slot];
                Integers[slot] += other.Integers[slot];
                Reals[slot] += other.Reals[slot];
            }
        }
    }
}
