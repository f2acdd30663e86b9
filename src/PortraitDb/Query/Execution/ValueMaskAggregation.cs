using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query.Binding;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Query.Execution;

/// <summary>
/// GROUP BY one CATEGORY or BOOL column with few values, where every aggregate is COUNT(*) or COUNT/SUM/AVG/MIN/MAX
/// of a numeric column: per segment and per value, the value's index container ANDed with the selection is a row
/// mask, and each aggregate is one masked SIMD pass over the column (no per-row group ids, no scatter).
/// </summary>
internal sealed class ValueMaskAggregation
{
    /// <summary>Above this many values a pass per value costs more than one scatter pass over all rows.</summary>
    public const int MaxValues = 16;

    private readonly TableData _data;
    private readonly int _column;
    private readonly IReadOnlyList<BoundAggregate> _aggregates;
    private readonly int _groups;

    private ValueMaskAggregation(TableData data, int column, IReadOnlyList<BoundAggregate> aggregates)
    {
        _data = data;
        _column = column;
        _aggregates = aggregates;
        // One group per value, and the last for NULL.
        _groups = ValueCount + 1;
    }

    // A writer that rolled back may leave dictionary codes without an index bitmap: they hold no rows.
    private int ValueCount => _data.Schema.Columns[_column].Type.Kind == ColumnKind.Bool
        ? 2
        : Math.Min(_data.DictionaryCounts[_column], _data.ValueIndex(_column)!.Length);

    public static ValueMaskAggregation? TryCreate(TableData data, IReadOnlyList<BoundExpression> keys, IReadOnlyList<BoundAggregate> aggregates)
    {
        if (keys is not [BoundColumn { ColumnKind: ColumnKind.Category or ColumnKind.Bool } key])
            return null;
        bool supported = aggregates.All(aggregate => aggregate.Function == AggregateFunction.CountStar
            || !aggregate.Distinct
               && aggregate.Function is AggregateFunction.Count or AggregateFunction.Sum or AggregateFunction.Average or AggregateFunction.Min or AggregateFunction.Max
               && aggregate.Argument is BoundColumn { Definition.Type.IsNumeric: true });
        var aggregation = new ValueMaskAggregation(data, key.Ordinal, aggregates);
        return supported && aggregation.ValueCount <= MaxValues ? aggregation : null;
    }

    private sealed class State
    {
        public required long[] Rows;
        public required long[,] Counts;
        public required Int128[,] Sums;
        public required double[,] RealSums;
        public required double[,] Minimums;
        public required double[,] Maximums;
        public required long[,] IntegerMinimums;
        public required long[,] IntegerMaximums;
        public ulong[] Mask = new ulong[RoaringConstants.BitsetWords];
        public ulong[] ColumnMask = new ulong[RoaringConstants.BitsetWords];
        public ulong[] Nulls = new ulong[RoaringConstants.BitsetWords];
    }

    private State NewState()
    {
        int aggregates = _aggregates.Count;
        var state = new State
        {
            Rows = new long[_groups],
            Counts = new long[_groups, aggregates],
            Sums = new Int128[_groups, aggregates],
            RealSums = new double[_groups, aggregates],
            Minimums = new double[_groups, aggregates],
            Maximums = new double[_groups, aggregates],
            IntegerMinimums = new long[_groups, aggregates],
            IntegerMaximums = new long[_groups, aggregates],
        };
        for (int group = 0; group < _groups; group++)
        {
            for (int index = 0; index < aggregates; index++)
            {
                state.Minimums[group, index] = double.PositiveInfinity;
                state.Maximums[group, index] = double.NegativeInfinity;
                state.IntegerMinimums[group, index] = long.MaxValue;
                state.IntegerMaximums[group, index] = long.MinValue;
            }
        }
        return state;
    }

    public List<GroupRow> Run(RoaringBitmap rows, CancellationToken cancellationToken)
    {
        var states = new System.Collections.Concurrent.ConcurrentBag<State>();
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, rows.ContainerCount, options, NewState, (index, _, state) =>
        {
            Segment(rows.KeyAt(index), rows.ContainerAt(index), state);
            return state;
        }, states.Add);
        var total = states.FirstOrDefault() ?? NewState();
        foreach (var state in states.Where(state => !ReferenceEquals(state, total)))
            Merge(total, state);
        return Results(total);
    }

    private void Segment(ushort key, Container selection, State state)
    {
        var segment = _data.Segments[key];
        var indexes = _data.ValueIndex(_column)!;
        for (int group = 0; group < _groups; group++)
        {
            var index = group < ValueCount ? indexes[group] : _data.NullRows[_column];
            if (RowReader.ContainerOf(index, key) is not { } values || ContainerOperations.And(selection, values) is not { Cardinality: > 0 } rows)
                continue;
            state.Rows[group] += rows.Cardinality;
            ulong[] mask = state.Mask;
            Array.Clear(mask);
            rows.OrInto(mask);
            for (int aggregate = 0; aggregate < _aggregates.Count; aggregate++)
            {
                if (_aggregates[aggregate].Argument is not BoundColumn argument)
                    continue;
                ulong[] columnMask = mask;
                if (RowReader.ContainerOf(_data.NullRows[argument.Ordinal], key) is { } nulls)
                {
                    Array.Clear(state.Nulls);
                    nulls.OrInto(state.Nulls);
                    columnMask = state.ColumnMask;
                    for (int word = 0; word < mask.Length; word++)
                        columnMask[word] = mask[word] & ~state.Nulls[word];
                }
                Accumulate(segment.Chunk(argument.Ordinal), segment.RowCount, columnMask, state, group, aggregate);
            }
        }
    }

    // A chunk grows only when a value is stored, so rows past its end are NULL and the column mask has dropped them.
    private void Accumulate(ColumnChunk chunk, int rowCount, ulong[] mask, State state, int group, int aggregate)
    {
        var function = _aggregates[aggregate].Function;
        state.Counts[group, aggregate] += AggregateKernels.Count(mask, rowCount);
        switch (chunk)
        {
            case NumericChunk<int> ints:
                {
                    var values = ints.Values.AsSpan(0, Math.Min(rowCount, ints.Values.Length));
                    if (function is AggregateFunction.Sum or AggregateFunction.Average)
                        state.Sums[group, aggregate] += AggregateKernels.Sum(values, mask);
                    else
                        Extremes(values, mask, function, ref state.IntegerMinimums[group, aggregate], ref state.IntegerMaximums[group, aggregate]);
                    break;
                }
            case NumericChunk<long> longs:
                {
                    var values = longs.Values.AsSpan(0, Math.Min(rowCount, longs.Values.Length));
                    if (function is AggregateFunction.Sum or AggregateFunction.Average)
                        state.Sums[group, aggregate] += AggregateKernels.Sum(values, mask);
                    else
                        Extremes(values, mask, function, ref state.IntegerMinimums[group, aggregate], ref state.IntegerMaximums[group, aggregate]);
                    break;
                }
            case NumericChunk<double> doubles:
                {
                    var values = doubles.Values.AsSpan(0, Math.Min(rowCount, doubles.Values.Length));
                    if (function is AggregateFunction.Sum or AggregateFunction.Average)
                        state.RealSums[group, aggregate] += AggregateKernels.Sum(values, mask);
                    else if (function == AggregateFunction.Min && AggregateKernels.Min(values, mask, out double min))
                        state.Minimums[group, aggregate] = Math.Min(state.Minimums[group, aggregate], min);
                    else if (function == AggregateFunction.Max && AggregateKernels.Max(values, mask, out double max))
                        state.Maximums[group, aggregate] = double.IsNaN(max) || double.IsNaN(state.Maximums[group, aggregate]) ? double.NaN : Math.Max(state.Maximums[group, aggregate], max);
                    break;
                }
        }
    }

    private static void Extremes<T>(ReadOnlySpan<T> values, ulong[] mask, AggregateFunction function, ref long minimum, ref long maximum)
        where T : unmanaged, System.Numerics.INumber<T>, System.Numerics.IMinMaxValue<T>
    {
        if (function == AggregateFunction.Min && AggregateKernels.Min(values, mask, out T min))
            minimum = Math.Min(minimum, long.CreateTruncating(min));
        else if (function == AggregateFunction.Max && AggregateKernels.Max(values, mask, out T max))
            maximum = Math.Max(maximum, long.CreateTruncating(max));
    }

    private void Merge(State total, State other)
    {
        for (int group = 0; group < _groups; group++)
        {
            total.Rows[group] += other.Rows[group];
            for (int aggregate = 0; aggregate < _aggregates.Count; aggregate++)
            {
                total.Counts[group, aggregate] += other.Counts[group, aggregate];
                total.Sums[group, aggregate] += other.Sums[group, aggregate];
                total.RealSums[group, aggregate] += other.RealSums[group, aggregate];
                total.Minimums[group, aggregate] = Math.Min(total.Minimums[group, aggregate], other.Minimums[group, aggregate]);
                total.Maximums[group, aggregate] = Math.Max(total.Maximums[group, aggregate], other.Maximums[group, aggregate]);
                total.IntegerMinimums[group, aggregate] = Math.Min(total.IntegerMinimums[group, aggregate], other.IntegerMinimums[group, aggregate]);
                total.IntegerMaximums[group, aggregate] = Math.Max(total.IntegerMaximums[group, aggregate], other.IntegerMaximums[group, aggregate]);
            }
        }
    }

    private List<GroupRow> Results(State state)
    {
        var output = new List<GroupRow>();
        var dictionary = _data.Dictionaries[_column];
        for (int group = 0; group < _groups; group++)
        {
            if (state.Rows[group] == 0)
                continue;
            var key = group == ValueCount ? Value.Null : dictionary is null ? Value.FromBool(group == 1) : Value.FromText(dictionary[group]);
            var values = new Value[_aggregates.Count];
            for (int aggregate = 0; aggregate < values.Length; aggregate++)
                values[aggregate] = Result(state, group, aggregate);
            output.Add(new GroupRow([key], values));
        }
        return output;
    }

    private Value Result(State state, int group, int aggregate)
    {
        var bound = _aggregates[aggregate];
        long count = state.Counts[group, aggregate];
        if (bound.Function == AggregateFunction.CountStar)
            return Value.FromInteger(state.Rows[group]);
        if (bound.Function == AggregateFunction.Count)
            return Value.FromInteger(count);
        if (count == 0)
            return Value.Null;
        var type = ((BoundColumn)bound.Argument!).Definition.Type;
        bool real = type.Kind == ColumnKind.Double;
        switch (bound.Function)
        {
            case AggregateFunction.Average:
                {
                    double total = real ? state.RealSums[group, aggregate] : (double)state.Sums[group, aggregate] / ScaleOf(type);
                    return Value.FromReal(total / count);
                }
            case AggregateFunction.Sum:
                {
                    if (real)
                        return Value.FromReal(state.RealSums[group, aggregate]);
                    return SumAccumulator.SumValue(state.Sums[group, aggregate], type.Kind == ColumnKind.Decimal, type.Scale);
                }
            default:
                {
                    bool minimum = bound.Function == AggregateFunction.Min;
                    if (real)
                        return Value.FromReal(minimum ? state.Minimums[group, aggregate] : state.Maximums[group, aggregate]);
                    long stored = minimum ? state.IntegerMinimums[group, aggregate] : state.IntegerMaximums[group, aggregate];
                    return type.Kind switch
                    {
                        ColumnKind.Decimal => Value.FromDecimal(stored, type.Scale),
                        ColumnKind.Date => Value.FromDate((int)stored),
                        ColumnKind.Timestamp => Value.FromTimestamp(stored),
                        _ => Value.FromInteger(stored),
                    };
                }
        }
    }

    private static double ScaleOf(ColumnType type) => type.Kind == ColumnKind.Decimal ? ValueConversion.PowerOfTen(type.Scale) : 1;
}
