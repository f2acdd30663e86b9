using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query.Binding;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Query.Execution;

/// <summary>One group of an aggregation: its key values and its aggregate values.</summary>
internal sealed record GroupRow(Value[] Keys, Value[] Aggregates);

/// <summary>
/// GROUP BY and aggregates over the rows of a filter bitmap. Keys that are CATEGORY or BOOL columns or BUCKETs of a
/// numeric column get dense group ids (mixed radix of codes) and run per segment in parallel; a single CATEGORY key
/// counted over a small dictionary is answered by AND-cardinalities of value bitmaps; any other key goes through a
/// hash table row by row.
/// </summary>
internal sealed class GroupingExecutor(TableData data, CancellationToken cancellationToken)
{
    private const int MaxDenseGroups = 1 << 20;
    private const long ParallelThreshold = 1 << 16;
    // A bitmap AND-cardinality per value costs about this many rows of histogram work per container.
    private const int RowsPerContainerCardinality = 2048;

    public List<GroupRow> Aggregate(RoaringBitmap rows, IReadOnlyList<BoundExpression> keys, IReadOnlyList<BoundAggregate> aggregates)
    {
        if (keys.Count == 1 && aggregates.All(aggregate => aggregate.Function == AggregateFunction.CountStar)
            && keys[0] is BoundColumn { ColumnKind: ColumnKind.Category or ColumnKind.Bool } column
            && ValueCount(column.Ordinal) * (long)Math.Max(1, rows.ContainerCount) * RowsPerContainerCardinality < rows.Cardinality)
        {
            return CountByValueBitmaps(rows, column, aggregates.Count);
        }
        if (ValueMaskAggregation.TryCreate(data, keys, aggregates) is { } byValue)
            return byValue.Run(rows, cancellationToken);
        var encoders = keys.Select(CreateEncoder).ToList();
        // A key without an encoder always hashes; saturating just above the dense limit keeps the product from overflowing.
        long groupSpace = encoders.Any(encoder => encoder is null)
            ? long.MaxValue
            : encoders.Aggregate(1L, (product, encoder) => Math.Min(MaxDenseGroups + 1L, product * encoder!.Cardinality));
        return groupSpace <= MaxDenseGroups
            ? Dense(rows, encoders!, aggregates, (int)groupSpace)
            : Hashed(rows, keys, aggregates);
    }

    private int ValueCount(int column) => data.Schema.Columns[column].Type.Kind == ColumnKind.Bool ? 2 : data.DictionaryCounts[column];

    private List<GroupRow> CountByValueBitmaps(RoaringBitmap rows, BoundColumn column, int aggregateCount)
    {
        var groups = new List<GroupRow>();
        var indexes = data.ValueIndex(column.Ordinal)!;
        var dictionary = data.Dictionaries[column.Ordinal];
        bool wholeTable = rows.Cardinality == data.LiveRows.Cardinality;
        // Values a rolled-back writer added to the shared dictionary are counted but have no bitmap: no row holds them.
        int values = Math.Min(ValueCount(column.Ordinal), indexes.Length);
        for (int code = 0; code < values; code++)
        {
            long count = wholeTable ? indexes[code].Cardinality : RoaringBitmap.AndCardinality(rows, indexes[code]);
            if (count > 0)
                groups.Add(new GroupRow([dictionary is null ? Value.FromBool(code == 1) : Value.FromText(dictionary[code])], Enumerable.Repeat(Value.FromInteger(count), aggregateCount).ToArray()));
        }
        long nulls = RoaringBitmap.AndCardinality(rows, data.NullRows[column.Ordinal]);
        if (nulls > 0)
            groups.Add(new GroupRow([Value.Null], Enumerable.Repeat(Value.FromInteger(nulls), aggregateCount).ToArray()));
        return groups;
    }

    private sealed class Partial : IDisposable
    {
        public required IRowCounts Presence;

        /// <summary>The distinct running states; several aggregates may share one (COUNT(*) and the group presence; SUM and AVG of one column).</summary>
        public required Accumulator[] Accumulators;

        /// <summary>For each aggregate, the index of its state in <see cref="Accumulators"/>.</summary>
        public required int[] Slots;
        public int[] Groups = System.Buffers.ArrayPool<int>.Shared.Rent(RoaringConstants.ContainerSpan);
        public int[] Codes = System.Buffers.ArrayPool<int>.Shared.Rent(RoaringConstants.ContainerSpan);
        public ushort[] Offsets = System.Buffers.ArrayPool<ushort>.Shared.Rent(RoaringConstants.ContainerSpan);
        public required RowReader Reader;

        public void Dispose()
        {
            System.Buffers.ArrayPool<int>.Shared.Return(Groups);
            System.Buffers.ArrayPool<int>.Shared.Return(Codes);
            System.Buffers.ArrayPool<ushort>.Shared.Return(Offsets);
        }
    }

    // 0, 1, ..., 65535: the offsets of a segment whose rows all take part, without extracting them.
    private static readonly ushort[] AllOffsets = [.. Enumerable.Range(0, RoaringConstants.ContainerSpan).Select(offset => (ushort)offset)];

    /// <summary>The offsets of a container's rows: a full run is the identity, anything else is extracted into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<ushort> OffsetsOf(Container container, ushort[] buffer)
    {
        if (container is RunContainer { NumberOfRuns: 1 } run && run.Runs[0] == 0)
            return AllOffsets.AsSpan(0, run.Count);
        return buffer.AsSpan(0, FilterExecutor.Offsets(container, buffer));
    }

    private Partial NewPartial(IReadOnlyList<BoundAggregate> aggregates, int groups)
    {
        var states = new List<Accumulator>();
        var stateOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new int[aggregates.Count];
        const int RowCountSlot = -1;
        for (int index = 0; index < aggregates.Count; index++)
        {
            var aggregate = aggregates[index];
            if (aggregate.Function == AggregateFunction.CountStar)
            {
                slots[index] = RowCountSlot;
                continue;
            }
            string key = aggregate.Function is AggregateFunction.Sum or AggregateFunction.Average && !aggregate.Distinct
                ? $"SUM:{aggregate.Argument}"
                : $"#{index}";
            if (!stateOf.TryGetValue(key, out int state))
            {
                state = states.Count;
                stateOf.Add(key, state);
                states.Add(Accumulator.Create(aggregate, data));
            }
            slots[index] = state;
        }
        // The rows of each group (COUNT(*), and which groups exist) are the count a SUM or AVG keeps anyway when its
        // column holds no NULL: one pass over the rows fewer.
        int rows = states.FindIndex(state => state is SumAccumulator { CountsEveryRow: true });
        if (rows < 0)
        {
            rows = states.Count;
            states.Add(new CountAccumulator(null));
        }
        for (int index = 0; index < slots.Length; index++)
        {
            if (slots[index] == RowCountSlot)
                slots[index] = rows;
        }
        foreach (var accumulator in states)
            accumulator.EnsureGroups(groups);
        return new Partial { Presence = (IRowCounts)states[rows], Accumulators = [.. states], Slots = slots, Reader = new RowReader(data) };
    }

    private static Value[] Results(Partial partial, IReadOnlyList<BoundAggregate> aggregates, int group)
    {
        var values = new Value[aggregates.Count];
        for (int index = 0; index < values.Length; index++)
            values[index] = partial.Accumulators[partial.Slots[index]].Result(group, aggregates[index]);
        return values;
    }

    private List<GroupRow> Dense(RoaringBitmap rows, List<KeyEncoder> encoders, IReadOnlyList<BoundAggregate> aggregates, int groupSpace)
    {
        var strides = new int[encoders.Count];
        int stride = 1;
        for (int index = encoders.Count - 1; index >= 0; index--)
        {
            strides[index] = stride;
            stride *= encoders[index].Cardinality;
        }
        void Process(int containerIndex, Partial partial)
        {
            ushort key = rows.KeyAt(containerIndex);
            var offsets = OffsetsOf(rows.ContainerAt(containerIndex), partial.Offsets);
            int count = offsets.Length;
            var groups = partial.Groups.AsSpan(0, count);
            if (encoders.Count == 1)
                encoders[0].Encode(key, offsets, groups, partial.Reader);
            else
                groups.Clear();
            for (int index = 0; index < encoders.Count && encoders.Count > 1; index++)
            {
                var codes = partial.Codes.AsSpan(0, count);
                encoders[index].Encode(key, offsets, codes, partial.Reader);
                int factor = strides[index];
                for (int row = 0; row < count; row++)
                    groups[row] += codes[row] * factor;
            }
            foreach (var accumulator in partial.Accumulators)
                accumulator.Accumulate(groups, offsets, key, partial.Reader);
        }

        Partial result;
        if (rows.ContainerCount > 1 && rows.Cardinality >= ParallelThreshold)
        {
            var partials = new System.Collections.Concurrent.ConcurrentBag<Partial>();
            Parallel.For(0, rows.ContainerCount, new ParallelOptions { CancellationToken = cancellationToken },
                () => NewPartial(aggregates, groupSpace),
                (index, _, partial) =>
                {
                    Process(index, partial);
                    return partial;
                },
                partials.Add);
            result = partials.First();
            foreach (var other in partials.Skip(1))
            {
                for (int index = 0; index < result.Accumulators.Length; index++)
                    result.Accumulators[index].Merge(other.Accumulators[index]);
                other.Dispose();
            }
        }
        else
        {
            result = NewPartial(aggregates, groupSpace);
            for (int index = 0; index < rows.ContainerCount; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Process(index, result);
            }
        }

        var output = new List<GroupRow>();
        for (int group = 0; group < groupSpace; group++)
        {
            if (result.Presence.CountOf(group) == 0)
                continue;
            var keyValues = new Value[encoders.Count];
            int remainder = group;
            for (int index = 0; index < encoders.Count; index++)
            {
                keyValues[index] = encoders[index].Decode(remainder / strides[index]);
                remainder %= strides[index];
            }
            output.Add(new GroupRow(keyValues, Results(result, aggregates, group)));
        }
        if (encoders.Count == 0 && output.Count == 0)
            output.Add(new GroupRow([], Results(result, aggregates, 0)));
        result.Dispose();
        return output;
    }

    private List<GroupRow> Hashed(RoaringBitmap rows, IReadOnlyList<BoundExpression> keys, IReadOnlyList<BoundAggregate> aggregates)
    {
        var groupIds = new Dictionary<GroupKey, int>();
        var groupKeys = new List<Value[]>();
        using var partial = NewPartial(aggregates, 1);
        var context = new EvaluationContext { Reader = partial.Reader };
        for (int containerIndex = 0; containerIndex < rows.ContainerCount; containerIndex++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ushort key = rows.KeyAt(containerIndex);
            var offsets = OffsetsOf(rows.ContainerAt(containerIndex), partial.Offsets);
            int count = offsets.Length;
            for (int row = 0; row < count; row++)
            {
                context.Row = ((uint)key << 16) | offsets[row];
                var values = new Value[keys.Count];
                for (int index = 0; index < keys.Count; index++)
                    values[index] = ExpressionEvaluator.Evaluate(keys[index], ref context);
                var groupKey = new GroupKey(values);
                if (!groupIds.TryGetValue(groupKey, out int group))
                {
                    group = groupKeys.Count;
                    groupIds.Add(groupKey, group);
                    groupKeys.Add(values);
                }
                partial.Groups[row] = group;
            }
            foreach (var accumulator in partial.Accumulators)
                accumulator.EnsureGroups(groupKeys.Count);
            var groups = partial.Groups.AsSpan(0, count);
            foreach (var accumulator in partial.Accumulators)
                accumulator.Accumulate(groups, offsets, key, partial.Reader);
        }
        var output = new List<GroupRow>(groupKeys.Count);
        for (int group = 0; group < groupKeys.Count; group++)
            output.Add(new GroupRow(groupKeys[group], Results(partial, aggregates, group)));
        if (keys.Count == 0 && output.Count == 0)
            output.Add(new GroupRow([], Results(partial, aggregates, 0)));
        return output;
    }

    private readonly struct GroupKey(Value[] values) : IEquatable<GroupKey>
    {
        private readonly Value[] _values = values;

        public bool Equals(GroupKey other)
        {
            for (int index = 0; index < _values.Length; index++)
            {
                var left = _values[index];
                var right = other._values[index];
                if (left.IsNull != right.IsNull || !left.IsNull && !left.Equals(right))
                    return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is GroupKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var value in _values)
                hash.Add(value.GetHashCode());
            return hash.ToHashCode();
        }
    }

    private KeyEncoder? CreateEncoder(BoundExpression key) => key switch
    {
        BoundColumn { ColumnKind: ColumnKind.Category } column => new CategoryEncoder(data, column.Ordinal),
        BoundColumn { ColumnKind: ColumnKind.Bool } column => new BoolEncoder(data, column.Ordinal),
        BoundBucket { Operand: BoundColumn column } bucket when column.Definition.Type.IsNumeric => new BucketEncoder(bucket, data, column.Ordinal),
        _ => null,
    };

    /// <summary>Maps a key's values to dense codes 0..Cardinality-1 (NULL included) and back.</summary>
    private abstract class KeyEncoder
    {
        public abstract int Cardinality { get; }

        public abstract void Encode(ushort key, ReadOnlySpan<ushort> offsets, Span<int> codes, RowReader reader);

        public abstract Value Decode(int code);
    }

    private sealed class CategoryEncoder(TableData data, int column) : KeyEncoder
    {
        private readonly int _nullCode = data.DictionaryCounts[column];

        public override int Cardinality => _nullCode + 1;

        public override void Encode(ushort key, ReadOnlySpan<ushort> offsets, Span<int> codes, RowReader reader)
        {
            var chunk = (CodeChunk)data.Segments[key].Chunk(column);
            // A chunk grows only when a value is stored, so offsets past its end are NULLs at the end of the segment.
            int capacity = chunk.Width switch { 8 => chunk.Codes8.Length, 16 => chunk.Codes16.Length, _ => chunk.Codes32.Length };
            int stored = offsets.Length;
            while (stored > 0 && offsets[stored - 1] >= capacity)
                codes[--stored] = _nullCode;
            offsets = offsets[..stored];
            switch (chunk.Width)
            {
                case 8:
                    GroupKernels.GatherCodes(chunk.Codes8, offsets, codes);
                    break;
                case 16:
                    GroupKernels.GatherCodes(chunk.Codes16, offsets, codes);
                    break;
                default:
                    GroupKernels.GatherCodes(chunk.Codes32, offsets, codes);
                    break;
            }
            if (reader.NullBits(column, key) is { } nulls)
            {
                for (int index = 0; index < offsets.Length; index++)
                {
                    if (RowReader.IsSet(nulls, offsets[index]))
                        codes[index] = _nullCode;
                }
            }
        }

        public override Value Decode(int code) => code == _nullCode ? Value.Null : Value.FromText(data.Dictionaries[column]![code]);
    }

    private sealed class BoolEncoder(TableData data, int column) : KeyEncoder
    {
        public override int Cardinality => 3;

        public override void Encode(ushort key, ReadOnlySpan<ushort> offsets, Span<int> codes, RowReader reader)
        {
            var chunk = (BoolChunk)data.Segments[key].Chunk(column);
            var nulls = reader.NullBits(column, key);
            for (int index = 0; index < offsets.Length; index++)
                codes[index] = nulls is not null && RowReader.IsSet(nulls, offsets[index]) ? 2 : chunk.Get(offsets[index]) ? 1 : 0;
        }

        public override Value Decode(int code) => code == 2 ? Value.Null : Value.FromBool(code == 1);
    }

    /// <summary>BUCKET over a numeric column, read straight from its chunks with the edges in storage units.</summary>
    private sealed class BucketEncoder : KeyEncoder
    {
        private readonly BoundBucket _bucket;
        private readonly TableData _data;
        private readonly int _column;
        private readonly long[]? _thresholds;
        private readonly double[]? _realEdges;

        public BucketEncoder(BoundBucket bucket, TableData data, int column)
        {
            _bucket = bucket;
            _data = data;
            _column = column;
            var type = data.Schema.Columns[column].Type;
            if (type.Kind == ColumnKind.Double)
            {
                _realEdges = [.. bucket.Edges.Select(edge => edge.AsDouble)];
                return;
            }
            // An integral value v lies at or above edge e exactly when v >= ceil(e in storage units).
            var thresholds = new long[bucket.Edges.Length];
            for (int index = 0; index < thresholds.Length; index++)
            {
                decimal units = BucketEdges.StorageUnits(bucket.Edges[index], type);
                thresholds[index] = (long)Math.Clamp(Math.Ceiling(units), long.MinValue, long.MaxValue);
            }
            _thresholds = thresholds;
        }

        public override int Cardinality => _bucket.Labels.Length + 1;

        public override void Encode(ushort key, ReadOnlySpan<ushort> offsets, Span<int> codes, RowReader reader)
        {
            switch (_data.Segments[key].Chunk(_column))
            {
                case NumericChunk<int> ints:
                    Encode(ints.Values, offsets, codes, _thresholds!);
                    break;
                case NumericChunk<long> longs:
                    Encode(longs.Values, offsets, codes, _thresholds!);
                    break;
                case NumericChunk<double> doubles:
                    {
                        var values = doubles.Values;
                        var edges = _realEdges!;
                        for (int index = 0; index < offsets.Length; index++)
                        {
                            // Past the chunk's end a row is NULL (chunks grow only when a value is stored); the NULL pass below labels it.
                            if (offsets[index] >= values.Length)
                                continue;
                            double value = values[offsets[index]];
                            int bucket = 0;
                            while (bucket < edges.Length && edges[bucket] <= value)
                                bucket++;
                            codes[index] = double.IsNaN(value) ? _bucket.Labels.Length - 1 : bucket;
                        }
                        break;
                    }
            }
            if (reader.NullBits(_column, key) is { } nulls)
            {
                for (int index = 0; index < offsets.Length; index++)
                {
                    if (RowReader.IsSet(nulls, offsets[index]))
                        codes[index] = _bucket.Labels.Length;
                }
            }
        }

        private static void Encode<T>(T[] values, ReadOnlySpan<ushort> offsets, Span<int> codes, long[] thresholds)
            where T : struct, System.Numerics.IBinaryInteger<T>
        {
            for (int index = 0; index < offsets.Length; index++)
            {
                if (offsets[index] >= values.Length)
                    continue;
                long value = long.CreateTruncating(values[offsets[index]]);
                int bucket = 0;
                foreach (long threshold in thresholds)
                    bucket += value >= threshold ? 1 : 0;
                codes[index] = bucket;
            }
        }

        public override Value Decode(int code) => code == _bucket.Labels.Length ? Value.Null : Value.FromText(_bucket.Labels[code]);
    }
}
