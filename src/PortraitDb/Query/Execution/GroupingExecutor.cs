using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
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
        var indexes = data.ValueIndexes[column.Ordinal]!;
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

    private sealed class Partial
    {
        public required CountAccumulator Presence;
        public required Accumulator[] Accumulators;
        public int[] Groups = new int[RoaringConstants.ContainerSpan];
        public int[] Codes = new int[RoaringConstants.ContainerSpan];
        public ushort[] Offsets = new ushort[RoaringConstants.ContainerSpan];
        public required RowReader Reader;
    }

    private Partial NewPartial(IReadOnlyList<BoundAggregate> aggregates, int groups)
    {
        var partial = new Partial
        {
            Presence = new CountAccumulator(null),
            Accumulators = [.. aggregates.Select(aggregate => Accumulator.Create(aggregate, data))],
            Reader = new RowReader(data),
        };
        partial.Presence.EnsureGroups(groups);
        foreach (var accumulator in partial.Accumulators)
            accumulator.EnsureGroups(groups);
        return partial;
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
            int count = FilterExecutor.Offsets(rows.ContainerAt(containerIndex), partial.Offsets);
            var offsets = partial.Offsets.AsSpan(0, count);
            var groups = partial.Groups.AsSpan(0, count);
            groups.Clear();
            for (int index = 0; index < encoders.Count; index++)
            {
                var codes = partial.Codes.AsSpan(0, count);
                encoders[index].Encode(key, offsets, codes, partial.Reader);
                int factor = strides[index];
                for (int row = 0; row < count; row++)
                    groups[row] += codes[row] * factor;
            }
            partial.Presence.Accumulate(groups, offsets, key, partial.Reader);
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
                result.Presence.Merge(other.Presence);
                for (int index = 0; index < result.Accumulators.Length; index++)
                    result.Accumulators[index].Merge(other.Accumulators[index]);
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
            output.Add(new GroupRow(keyValues, [.. result.Accumulators.Select(accumulator => accumulator.Result(group))]));
        }
        if (encoders.Count == 0 && output.Count == 0)
            output.Add(new GroupRow([], [.. result.Accumulators.Select(accumulator => accumulator.Result(0))]));
        return output;
    }

    private List<GroupRow> Hashed(RoaringBitmap rows, IReadOnlyList<BoundExpression> keys, IReadOnlyList<BoundAggregate> aggregates)
    {
        var groupIds = new Dictionary<GroupKey, int>();
        var groupKeys = new List<Value[]>();
        var partial = NewPartial(aggregates, 1);
        var context = new EvaluationContext { Reader = partial.Reader };
        for (int containerIndex = 0; containerIndex < rows.ContainerCount; containerIndex++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ushort key = rows.KeyAt(containerIndex);
            int count = FilterExecutor.Offsets(rows.ContainerAt(containerIndex), partial.Offsets);
            var offsets = partial.Offsets.AsSpan(0, count);
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
            partial.Presence.EnsureGroups(groupKeys.Count);
            foreach (var accumulator in partial.Accumulators)
                accumulator.EnsureGroups(groupKeys.Count);
            var groups = partial.Groups.AsSpan(0, count);
            partial.Presence.Accumulate(groups, offsets, key, partial.Reader);
            foreach (var accumulator in partial.Accumulators)
                accumulator.Accumulate(groups, offsets, key, partial.Reader);
        }
        var output = new List<GroupRow>(groupKeys.Count);
        for (int group = 0; group < groupKeys.Count; group++)
            output.Add(new GroupRow(groupKeys[group], [.. partial.Accumulators.Select(accumulator => accumulator.Result(group))]));
        if (keys.Count == 0 && output.Count == 0)
            output.Add(new GroupRow([], [.. partial.Accumulators.Select(accumulator => accumulator.Result(0))]));
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
        BoundBucket { Operand: BoundColumn column } bucket when column.Definition.Type.IsNumeric => new BucketEncoder(bucket, column.Ordinal),
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
            var chunk = (CodeChunk)data.Segments[key].Chunks[column];
            // A chunk grows only when a value is stored, so offsets past its end are NULLs at the end of the segment.
            int capacity = chunk.Width switch { 8 => chunk.Codes8.Length, 16 => chunk.Codes16.Length, _ => chunk.Codes32.Length };
            int stored = offsets.Length;
            while (stored > 0 && offsets[stored - 1] >= capacity)
                codes[--stored] = _nullCode;
            offsets = offsets[..stored];
            switch (chunk.Width)
            {
                case 8:
                    {
                        var source = chunk.Codes8;
                        for (int index = 0; index < offsets.Length; index++)
                            codes[index] = source[offsets[index]];
                        break;
                    }
                case 16:
                    {
                        var source = chunk.Codes16;
                        for (int index = 0; index < offsets.Length; index++)
                            codes[index] = source[offsets[index]];
                        break;
                    }
                default:
                    {
                        var source = chunk.Codes32;
                        for (int index = 0; index < offsets.Length; index++)
                            codes[index] = source[offsets[index]];
                        break;
                    }
            }
            if (RowReader.ContainerOf(data.NullRows[column], key) is { } nulls)
            {
                for (int index = 0; index < offsets.Length; index++)
                {
                    if (nulls.Contains(offsets[index]))
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
            var chunk = (BoolChunk)data.Segments[key].Chunks[column];
            var nulls = RowReader.ContainerOf(data.NullRows[column], key);
            for (int index = 0; index < offsets.Length; index++)
                codes[index] = nulls is not null && nulls.Contains(offsets[index]) ? 2 : chunk.Get(offsets[index]) ? 1 : 0;
        }

        public override Value Decode(int code) => code == 2 ? Value.Null : Value.FromBool(code == 1);
    }

    private sealed class BucketEncoder(BoundBucket bucket, int column) : KeyEncoder
    {
        public override int Cardinality => bucket.Labels.Length + 1;

        public override void Encode(ushort key, ReadOnlySpan<ushort> offsets, Span<int> codes, RowReader reader)
        {
            uint high = (uint)key << 16;
            for (int index = 0; index < offsets.Length; index++)
            {
                var value = reader.Read(column, high | offsets[index]);
                codes[index] = value.IsNull ? bucket.Labels.Length : bucket.BucketOf(value);
            }
        }

        public override Value Decode(int code) => code == bucket.Labels.Length ? Value.Null : Value.FromText(bucket.Labels[code]);
    }
}
