using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query.Execution;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Portrait;

/// <summary>
/// The non-NULL values of one numeric, date or timestamp column over a set of rows, in storage units (integers,
/// scaled decimals, days, microseconds as <see cref="long"/>; doubles as <see cref="double"/>), gathered segment by
/// segment in parallel with the compress kernel: the input of quantile cut points (RFM scores, TIERS) and of the
/// Pareto curve.
/// </summary>
internal sealed class MeasureColumn
{
    private MeasureColumn(ColumnDefinition column, long[] integers, double[] reals)
    {
        Column = column;
        Integers = integers;
        Reals = reals;
    }

    public ColumnDefinition Column { get; }

    /// <summary>True for a DOUBLE column, whose values are in <see cref="Reals"/>; else they are in <see cref="Integers"/>.</summary>
    public bool IsReal => Column.Type.Kind == ColumnKind.Double;

    public long[] Integers { get; }

    public double[] Reals { get; }

    public int Count => IsReal ? Reals.Length : Integers.Length;

    /// <summary>True for the kinds a measure can be.</summary>
    public static bool IsMeasurable(ColumnType type) => type.IsNumeric || type.Kind is ColumnKind.Date or ColumnKind.Timestamp;

    /// <summary>The values of <paramref name="column"/> over the live rows among <paramref name="rows"/> (all live rows when null), in row order.</summary>
    public static MeasureColumn Gather(TableData data, int column, RoaringBitmap? rows, CancellationToken cancellationToken)
    {
        var definition = data.Schema.Columns[column];
        if (!IsMeasurable(definition.Type))
            throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Column '{definition.Name}' is not a measure.");
        var selected = RoaringBitmap.AndNot(rows is null ? data.LiveRows : RoaringBitmap.And(rows, data.LiveRows), data.NullRows[column]);
        int segments = selected.ContainerCount;
        var starts = new long[segments + 1];
        for (int index = 0; index < segments; index++)
            starts[index + 1] = starts[index] + selected.ContainerAt(index).Cardinality;
        if (starts[segments] > Array.MaxLength)
            throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"A measure over more than {Array.MaxLength:N0} rows is not supported.");
        bool real = definition.Type.Kind == ColumnKind.Double;
        var integers = real ? [] : new long[starts[segments]];
        var reals = real ? new double[starts[segments]] : [];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, segments, options, () => new Scratch(), (index, _, scratch) =>
        {
            ushort key = selected.KeyAt(index);
            var mask = scratch.Mask;
            Array.Clear(mask);
            selected.ContainerAt(index).OrInto(mask);
            var chunk = data.Segments[key].Chunk(column);
            int start = (int)starts[index];
            switch (chunk)
            {
                case NumericChunk<int> ints:
                    {
                        int count = GroupKernels.Compress<int>(ints.Values, mask, scratch.Ints);
                        for (int item = 0; item < count; item++)
                            integers[start + item] = scratch.Ints[item];
                        break;
                    }
                case NumericChunk<long> longs:
                    {
                        int count = GroupKernels.Compress<long>(longs.Values, mask, scratch.Longs);
                        scratch.Longs.AsSpan(0, count).CopyTo(integers.AsSpan(start));
                        break;
                    }
                case NumericChunk<double> doubles:
                    {
                        int count = GroupKernels.Compress<double>(doubles.Values, mask, scratch.Doubles);
                        scratch.Doubles.AsSpan(0, count).CopyTo(reals.AsSpan(start));
                        break;
                    }
                default:
                    throw new PortraitDbException(PortraitDbErrorKind.Internal, "A measure over a non-numeric chunk.");
            }
            return scratch;
        }, _ => { });
        return new MeasureColumn(definition, integers, reals);
    }

    /// <summary>
    /// QUANTILE_CONT at each of <paramref name="fractions"/> (numerator, denominator), in storage units, computed exactly:
    /// the position q·(n−1) as a fraction, the values at its floor and ceiling, interpolated linearly. Exact arithmetic
    /// keeps cut points such as 0.8 of 8 values on the value they should be (in doubles 0.8·7 is 5.6000000000000005).
    /// Reorders the values (a partial sort). Empty when there are no values.
    /// </summary>
    public QuantileCut[] Quantiles(IReadOnlyList<(long Numerator, long Denominator)> fractions)
    {
        int count = Count;
        if (count == 0)
            return [];
        var positions = new SortedSet<int>();
        var places = new (int Below, Int128 Remainder, Int128 Denominator)[fractions.Count];
        for (int index = 0; index < fractions.Count; index++)
        {
            var (numerator, denominator) = fractions[index];
            Int128 scaled = (Int128)numerator * (count - 1);
            int below = (int)(scaled / denominator);
            Int128 remainder = scaled % denominator;
            places[index] = (below, remainder, denominator);
            positions.Add(below);
            positions.Add(remainder == 0 ? below : below + 1);
        }
        var wanted = positions.ToArray();
        if (IsReal)
            OrderStatistics.Select(Reals.AsSpan(), wanted);
        else
            OrderStatistics.Select(Integers.AsSpan(), wanted);
        var cuts = new QuantileCut[places.Length];
        for (int index = 0; index < places.Length; index++)
        {
            var (below, remainder, denominator) = places[index];
            int above = remainder == 0 ? below : below + 1;
            cuts[index] = IsReal
                ? new QuantileCut(0, 0, remainder, denominator, Reals[below] + ((Reals[above] - Reals[below]) * ((double)remainder / (double)denominator)))
                : new QuantileCut(Integers[below], Integers[above], remainder, denominator, 0);
        }
        return cuts;
    }

    private sealed class Scratch
    {
        public readonly ulong[] Mask = new ulong[RoaringConstants.BitsetWords];
        public readonly int[] Ints = new int[ColumnChunk.SegmentRows];
        public readonly long[] Longs = new long[ColumnChunk.SegmentRows];
        public readonly double[] Doubles = new double[ColumnChunk.SegmentRows];
    }
}

/// <summary>
/// A quantile cut point: for integral storage (integers, decimals, days, microseconds) exactly Low + (High − Low) ·
/// Remainder / Denominator, with the integers a comparison against it needs; for doubles the interpolated <see cref="Real"/>.
/// </summary>
internal readonly record struct QuantileCut(long Low, long High, Int128 Remainder, Int128 Denominator, double Real)
{
    /// <summary>The largest integer at or below the cut point: v &gt; cut ⇔ v &gt; Floor for an integral v.</summary>
    public long Floor => Low + (long)Int128.DivRem((Int128)(High - Low) * Remainder, Denominator).Quotient;

    /// <summary>The smallest integer at or above the cut point: v &gt;= cut ⇔ v &gt;= Ceiling, and v &lt; cut ⇔ v &lt; Ceiling.</summary>
    public long Ceiling
    {
        get
        {
            var (quotient, remainder) = Int128.DivRem((Int128)(High - Low) * Remainder, Denominator);
            return Low + (long)quotient + (remainder > 0 ? 1 : 0);
        }
    }
}
