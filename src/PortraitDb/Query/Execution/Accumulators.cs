using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query.Binding;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Query.Execution;

/// <summary>
/// The running state of one aggregate over many groups. Rows arrive a segment at a time as (group, offset) pairs;
/// a plain numeric column is read straight from its chunk, anything else through the row interpreter.
/// Per-thread instances are merged at the end.
/// </summary>
internal abstract class Accumulator
{
    public abstract void EnsureGroups(int groups);

    public abstract void Accumulate(ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ushort key, RowReader reader);

    public abstract void Merge(Accumulator other);

    public abstract Value Result(int group);

    /// <summary>The value of <paramref name="aggregate"/> for <paramref name="group"/>, when one state serves several aggregates (SUM and AVG of a column).</summary>
    public virtual Value Result(int group, BoundAggregate aggregate) => Result(group);

    public abstract Accumulator CreateEmpty();

    public static Accumulator Create(BoundAggregate aggregate, TableData data) => aggregate.Function switch
    {
        AggregateFunction.CountStar => new CountAccumulator(null),
        AggregateFunction.Count when !aggregate.Distinct => new CountAccumulator(aggregate.Argument),
        AggregateFunction.Count when aggregate.Argument is BoundColumn { ColumnKind: ColumnKind.Category } column => new DistinctCodesAccumulator(data, column.Ordinal),
        _ when aggregate.Distinct => new DistinctAccumulator(aggregate),
        AggregateFunction.Sum or AggregateFunction.Average => new SumAccumulator(aggregate, data),
        AggregateFunction.Min or AggregateFunction.Max => new ExtremeAccumulator(aggregate),
        _ => new QuantileAccumulator(aggregate),
    };

    protected static T[] Grow<T>(T[] array, int groups)
    {
        if (groups <= array.Length)
            return array;
        Array.Resize(ref array, Math.Max(groups, array.Length * 2));
        return array;
    }

    /// <summary>Calls <paramref name="each"/> with every (group, value) pair whose value is not NULL.</summary>
    protected static void ForEachValue(BoundExpression argument, ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ushort key, RowReader reader, Action<int, Value> each)
    {
        var context = new EvaluationContext { Reader = reader };
        uint high = (uint)key << 16;
        for (int index = 0; index < offsets.Length; index++)
        {
            context.Row = high | offsets[index];
            var value = ExpressionEvaluator.Evaluate(argument, ref context);
            if (!value.IsNull)
                each(groups[index], value);
        }
    }
}

/// <summary>An accumulator that knows how many rows each group holds (COUNT(*)), so the grouping needs no separate count.</summary>
internal interface IRowCounts
{
    long CountOf(int group);
}

internal sealed class CountAccumulator(BoundExpression? argument) : Accumulator, IRowCounts
{
    private long[] _counts = new long[1];

    public override void EnsureGroups(int groups) => _counts = Grow(_counts, groups);

    public override void Accumulate(ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ushort key, RowReader reader)
    {
        if (argument is null)
        {
            GroupKernels.CountByGroup(groups, _counts);
            return;
        }
        if (argument is BoundColumn column)
        {
            var nulls = reader.NullBits(column.Ordinal, key);
            for (int index = 0; index < groups.Length; index++)
            {
                if (nulls is null || !RowReader.IsSet(nulls, offsets[index]))
                    _counts[groups[index]]++;
            }
            return;
        }
        var counts = _counts;
        ForEachValue(argument, groups, offsets, key, reader, (group, _) => counts[group]++);
    }

    public long CountOf(int group) => group < _counts.Length ? _counts[group] : 0;

    public override void Merge(Accumulator other)
    {
        var counts = ((CountAccumulator)other)._counts;
        EnsureGroups(counts.Length);
        for (int group = 0; group < counts.Length; group++)
            _counts[group] += counts[group];
    }

    public override Value Result(int group) => Value.FromInteger(CountOf(group));

    public override Accumulator CreateEmpty() => new CountAccumulator(argument);
}

/// <summary>SUM and AVG: exact 128-bit sums for integers and decimals, doubles for reals.</summary>
internal sealed class SumAccumulator : Accumulator, IRowCounts
{
    private readonly BoundAggregate _aggregate;
    private readonly TableData _data;
    private readonly int _column = -1;
    private readonly bool _real;
    private readonly bool _fitsLong;
    private Int128[] _sums = new Int128[1];
    private long[] _longSums = new long[1];
    private double[] _realSums = new double[1];
    private long[] _counts = new long[1];

    public SumAccumulator(BoundAggregate aggregate, TableData data)
    {
        _aggregate = aggregate;
        _data = data;
        var argument = aggregate.Argument!;
        _real = argument.Kind == ValueKind.Real;
        if (argument is BoundColumn column && column.Definition.Type.IsNumeric)
        {
            _column = column.Ordinal;
            _fitsLong = TotalFitsLong(data, column.Ordinal);
        }
    }

    // The zone maps bound every stored value, so the whole column's sum fits 64 bits when rows × largest magnitude does.
    private static bool TotalFitsLong(TableData data, int column)
    {
        const double Limit = long.MaxValue / 2.0;
        double bound = 0;
        foreach (var segment in data.Segments)
        {
            double magnitude = segment.Chunk(column) switch
            {
                NumericChunk<int> ints => ints.HasRange ? Math.Max(Math.Abs((double)ints.Min), Math.Abs((double)ints.Max)) : 0,
                NumericChunk<long> longs => longs.HasRange ? Math.Max(Math.Abs((double)longs.Min), Math.Abs((double)longs.Max)) : 0,
                _ => double.PositiveInfinity,
            };
            bound += magnitude * segment.RowCount;
        }
        return bound < Limit;
    }

    private int ArgumentScale => _aggregate.Argument!.Scale;

    /// <summary>The argument is a column that holds no NULL, so the count of its values is the count of rows.</summary>
    public bool CountsEveryRow => _column >= 0 && _data.NullRows[_column].IsEmpty;

    /// <summary>How many non-NULL values group <paramref name="group"/> has seen (its rows, when <see cref="CountsEveryRow"/>).</summary>
    public long CountOf(int group) => group < _counts.Length ? _counts[group] : 0;

    public override void EnsureGroups(int groups)
    {
        _sums = Grow(_sums, groups);
        _longSums = Grow(_longSums, groups);
        _realSums = Grow(_realSums, groups);
        _counts = Grow(_counts, groups);
    }

    public override void Accumulate(ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ushort key, RowReader reader)
    {
        if (_column >= 0)
        {
            var nulls = reader.NullBits(_column, key);
            switch (_data.Segments[key].Chunk(_column))
            {
                case NumericChunk<int> ints:
                    AccumulateIntegers(ints.Values, groups, offsets, nulls);
                    return;
                case NumericChunk<long> longs:
                    AccumulateIntegers(longs.Values, groups, offsets, nulls);
                    return;
                case NumericChunk<double> doubles:
                    {
                        var values = doubles.Values;
                        for (int index = 0; index < groups.Length; index++)
                        {
                            ushort offset = offsets[index];
                            if (nulls is not null && RowReader.IsSet(nulls, offset))
                                continue;
                            _realSums[groups[index]] += values[offset];
                            _counts[groups[index]]++;
                        }
                        return;
                    }
            }
        }
        int scale = ArgumentScale;
        bool real = _real;
        var sums = _sums;
        var realSums = _realSums;
        var counts = _counts;
        ForEachValue(_aggregate.Argument!, groups, offsets, key, reader, (group, value) =>
        {
            if (real)
                realSums[group] += value.AsDouble;
            else
                sums[group] += value.Kind == ValueKind.Bool ? value.Integer : Rescale(value, scale);
            counts[group]++;
        });
    }

    private static Int128 Rescale(Value value, int scale) =>
        value.Kind == ValueKind.Decimal && value.Scale != scale
            ? (Int128)value.Integer * ValueConversion.PowerOfTen(Math.Max(0, scale - value.Scale))
            : value.Integer;

    private void AccumulateIntegers<T>(T[] values, ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ulong[]? nulls)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        // Ints beyond 64 bits (only in tables of billions of rows) take the Int128 loop at the end.
        if (nulls is null && (_fitsLong || typeof(T) == typeof(long)))
        {
            // Offsets 0..n-1 (a segment whose rows all take part) read the column in place; others gather first.
            bool inPlace = offsets.IsEmpty || offsets[^1] == offsets.Length - 1;
            var buffer = inPlace ? null : System.Buffers.ArrayPool<T>.Shared.Rent(groups.Length);
            ReadOnlySpan<T> selected = inPlace ? values.AsSpan(0, offsets.Length) : buffer.AsSpan(0, groups.Length);
            if (!inPlace)
                GroupKernels.Gather(values, offsets, buffer.AsSpan(0, groups.Length));
            if (_fitsLong)
            {
                GroupKernels.SumByGroup(groups, selected, _longSums, _counts);
            }
            else
            {
                GroupKernels.SumByGroup(groups, System.Runtime.InteropServices.MemoryMarshal.Cast<T, long>(selected), _sums);
                GroupKernels.CountByGroup(groups, _counts);
            }
            if (buffer is not null)
                System.Buffers.ArrayPool<T>.Shared.Return(buffer);
            return;
        }
        if (_fitsLong && nulls is not null)
        {
            var sums = _longSums;
            var counts = _counts;
            for (int index = 0; index < groups.Length; index++)
            {
                ushort offset = offsets[index];
                if (RowReader.IsSet(nulls, offset))
                    continue;
                sums[groups[index]] += long.CreateTruncating(values[offset]);
                counts[groups[index]]++;
            }
            return;
        }
        for (int index = 0; index < groups.Length; index++)
        {
            ushort offset = offsets[index];
            if (nulls is not null && RowReader.IsSet(nulls, offset))
                continue;
            _sums[groups[index]] += Int128.CreateTruncating(values[offset]);
            _counts[groups[index]]++;
        }
    }

    public override void Merge(Accumulator other)
    {
        var source = (SumAccumulator)other;
        EnsureGroups(source._counts.Length);
        for (int group = 0; group < source._counts.Length; group++)
        {
            _sums[group] += source._sums[group];
            _longSums[group] += source._longSums[group];
            _realSums[group] += source._realSums[group];
            _counts[group] += source._counts[group];
        }
    }

    public override Value Result(int group) => Result(group, _aggregate);

    public override Value Result(int group, BoundAggregate aggregate)
    {
        if (aggregate.Function == AggregateFunction.CountStar)
            return Value.FromInteger(CountOf(group));
        if (group >= _counts.Length || _counts[group] == 0)
            return Value.Null;
        int scale = ArgumentScale;
        var sum = _sums[group] + _longSums[group];
        if (aggregate.Function == AggregateFunction.Average)
        {
            double total = _real ? _realSums[group] : (double)sum / ValueConversion.PowerOfTen(scale);
            return Value.FromReal(total / _counts[group]);
        }
        if (_real)
            return Value.FromReal(_realSums[group]);
        return SumValue(sum, aggregate.Kind == ValueKind.Decimal, scale);
    }

    /// <summary>An exact sum as SUM returns it: a DECIMAL (or an INTEGER) while it fits, else a DOUBLE.</summary>
    public static Value SumValue(Int128 sum, bool isDecimal, int scale)
    {
        if (isDecimal)
        {
            return Int128.Abs(sum) < ValueConversion.PowerOfTen(ColumnType.MaxDecimalPrecision)
                ? Value.FromDecimal((long)sum, scale)
                : Value.FromReal((double)sum / ValueConversion.PowerOfTen(scale));
        }
        return sum >= long.MinValue && sum <= long.MaxValue ? Value.FromInteger((long)sum) : Value.FromReal((double)sum);
    }

    public override Accumulator CreateEmpty() => new SumAccumulator(_aggregate, _data);
}

internal sealed class ExtremeAccumulator(BoundAggregate aggregate) : Accumulator
{
    private readonly bool _maximum = aggregate.Function == AggregateFunction.Max;
    private Value[] _values = new Value[1];

    public override void EnsureGroups(int groups) => _values = Grow(_values, groups);

    public override void Accumulate(ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ushort key, RowReader reader)
    {
        var values = _values;
        bool maximum = _maximum;
        ForEachValue(aggregate.Argument!, groups, offsets, key, reader, (group, value) => Offer(values, group, value, maximum));
    }

    private static void Offer(Value[] values, int group, Value value, bool maximum)
    {
        var current = values[group];
        if (current.IsNull || (maximum ? Value.Compare(value, current) > 0 : Value.Compare(value, current) < 0))
            values[group] = value;
    }

    public override void Merge(Accumulator other)
    {
        var source = ((ExtremeAccumulator)other)._values;
        EnsureGroups(source.Length);
        for (int group = 0; group < source.Length; group++)
        {
            if (!source[group].IsNull)
                Offer(_values, group, source[group], _maximum);
        }
    }

    public override Value Result(int group) => group < _values.Length ? _values[group] : Value.Null;

    public override Accumulator CreateEmpty() => new ExtremeAccumulator(aggregate);
}

/// <summary>MEDIAN, QUANTILE_CONT (interpolated, as a real) and QUANTILE/QUANTILE_DISC (an actual value).</summary>
internal sealed class QuantileAccumulator(BoundAggregate aggregate) : Accumulator
{
    private List<Value>?[] _values = new List<Value>?[1];

    public override void EnsureGroups(int groups) => _values = Grow(_values, groups);

    public override void Accumulate(ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ushort key, RowReader reader)
    {
        var values = _values;
        ForEachValue(aggregate.Argument!, groups, offsets, key, reader, (group, value) => (values[group] ??= []).Add(value));
    }

    public override void Merge(Accumulator other)
    {
        var source = ((QuantileAccumulator)other)._values;
        EnsureGroups(source.Length);
        for (int group = 0; group < source.Length; group++)
        {
            if (source[group] is { } list)
                (_values[group] ??= []).AddRange(list);
        }
    }

    public override Value Result(int group)
    {
        if (group >= _values.Length || _values[group] is not { Count: > 0 } values)
            return Value.Null;
        return Quantile(values, aggregate);
    }

    /// <summary>The quantile of <paramref name="values"/> (sorted here): an actual value for QUANTILE_DISC, else interpolated as a real.</summary>
    public static Value Quantile(List<Value> values, BoundAggregate aggregate)
    {
        values.Sort(Value.Compare);
        double position = aggregate.Fraction * (values.Count - 1);
        int below = (int)Math.Floor(position);
        if (aggregate.Function == AggregateFunction.QuantileDiscrete)
            return values[below];
        double low = values[below].AsDouble;
        double high = values[(int)Math.Ceiling(position)].AsDouble;
        return Value.FromReal(low + ((high - low) * (position - below)));
    }

    public override Accumulator CreateEmpty() => new QuantileAccumulator(aggregate);
}

/// <summary>COUNT(DISTINCT category): a bitset of dictionary codes per group.</summary>
internal sealed class DistinctCodesAccumulator(TableData data, int column) : Accumulator
{
    private readonly int _words = (data.DictionaryCounts[column] + 63) >> 6;
    private ulong[]?[] _codes = new ulong[]?[1];

    public override void EnsureGroups(int groups) => _codes = Grow(_codes, groups);

    public override void Accumulate(ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ushort key, RowReader reader)
    {
        var chunk = (CodeChunk)data.Segments[key].Chunk(column);
        var nulls = reader.NullBits(column, key);
        for (int index = 0; index < groups.Length; index++)
        {
            ushort offset = offsets[index];
            if (nulls is not null && RowReader.IsSet(nulls, offset))
                continue;
            int code = chunk.Get(offset);
            var bits = _codes[groups[index]] ??= new ulong[_words];
            bits[code >> 6] |= 1UL << code;
        }
    }

    public override void Merge(Accumulator other)
    {
        var source = ((DistinctCodesAccumulator)other)._codes;
        EnsureGroups(source.Length);
        for (int group = 0; group < source.Length; group++)
        {
            if (source[group] is not { } bits)
                continue;
            var target = _codes[group] ??= new ulong[_words];
            for (int word = 0; word < bits.Length; word++)
                target[word] |= bits[word];
        }
    }

    public override Value Result(int group)
    {
        long count = 0;
        if (group < _codes.Length && _codes[group] is { } bits)
        {
            foreach (ulong word in bits)
                count += System.Numerics.BitOperations.PopCount(word);
        }
        return Value.FromInteger(count);
    }

    public override Accumulator CreateEmpty() => new DistinctCodesAccumulator(data, column);
}

/// <summary>Aggregates over DISTINCT values: the set of values per group, folded at the end.</summary>
internal sealed class DistinctAccumulator(BoundAggregate aggregate) : Accumulator
{
    private HashSet<Value>?[] _sets = new HashSet<Value>?[1];

    public override void EnsureGroups(int groups) => _sets = Grow(_sets, groups);

    public override void Accumulate(ReadOnlySpan<int> groups, ReadOnlySpan<ushort> offsets, ushort key, RowReader reader)
    {
        var sets = _sets;
        ForEachValue(aggregate.Argument!, groups, offsets, key, reader, (group, value) => (sets[group] ??= []).Add(value));
    }

    public override void Merge(Accumulator other)
    {
        var source = ((DistinctAccumulator)other)._sets;
        EnsureGroups(source.Length);
        for (int group = 0; group < source.Length; group++)
        {
            if (source[group] is { } set)
                (_sets[group] ??= []).UnionWith(set);
        }
    }

    public override Value Result(int group)
    {
        var set = group < _sets.Length ? _sets[group] : null;
        if (aggregate.Function == AggregateFunction.Count)
            return Value.FromInteger(set?.Count ?? 0);
        if (set is null || set.Count == 0)
            return Value.Null;
        var values = set.ToList();
        switch (aggregate.Function)
        {
            case AggregateFunction.Min:
                return values.Min();
            case AggregateFunction.Max:
                return values.Max();
            case AggregateFunction.Sum or AggregateFunction.Average:
                {
                    double total = values.Sum(value => value.AsDouble);
                    if (aggregate.Function == AggregateFunction.Average)
                        return Value.FromReal(total / values.Count);
                    if (aggregate.Kind == ValueKind.Real)
                        return Value.FromReal(total);
                    decimal exact = values.Aggregate(0m, (sum, value) => sum + value.AsDecimal);
                    if (aggregate.Kind == ValueKind.Decimal)
                        return ExpressionEvaluator.Convert(Value.FromSystemDecimal(exact), ValueKind.Decimal, aggregate.Scale);
                    // As SUM without DISTINCT: a sum of integers that leaves 64 bits becomes a DOUBLE.
                    return exact is >= long.MinValue and <= long.MaxValue ? Value.FromInteger((long)exact) : Value.FromReal((double)exact);
                }
            default:
                return QuantileAccumulator.Quantile(values, aggregate);
        }
    }

    public override Accumulator CreateEmpty() => new DistinctAccumulator(aggregate);
}
