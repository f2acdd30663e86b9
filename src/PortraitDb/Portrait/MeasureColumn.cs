using System.Buffers;
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
/// segment in parallel with the compress kernel: the input of the Pareto curve.
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
        Parallel.For(0, segments, options, index =>
        {
            ushort key = selected.KeyAt(index);
            Span<ulong> mask = stackalloc ulong[RoaringConstants.BitsetWords];
            selected.ContainerAt(index).OrInto(mask);
            var chunk = data.Segments[key].Chunk(column);
            int start = (int)starts[index];
            int count = (int)(starts[index + 1] - starts[index]);
            // An output span of exactly the selected rows: the kernel never writes past it, so segments fill their
            // slices of one array in parallel.
            switch (chunk)
            {
                case NumericChunk<int> ints:
                    {
                        int[] narrow = ArrayPool<int>.Shared.Rent(count);
                        GroupKernels.Compress<int>(ints.Values, mask, narrow.AsSpan(0, count));
                        var wide = integers.AsSpan(start, count);
                        for (int item = 0; item < count; item++)
                            wide[item] = narrow[item];
                        ArrayPool<int>.Shared.Return(narrow);
                        break;
                    }
                case NumericChunk<long> longs:
                    GroupKernels.Compress<long>(longs.Values, mask, integers.AsSpan(start, count));
                    break;
                case NumericChunk<double> doubles:
                    GroupKernels.Compress<double>(doubles.Values, mask, reals.AsSpan(start, count));
                    break;
                default:
                    throw new PortraitDbException(PortraitDbErrorKind.Internal, "A measure over a non-numeric chunk.");
            }
        });
        return new MeasureColumn(definition, integers, reals);
    }
}
