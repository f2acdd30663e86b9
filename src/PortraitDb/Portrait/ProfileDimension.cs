using System.Numerics;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Execution;
using PortraitDb.Storage;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Portrait;

/// <summary>How many members of a set hold one value of a dimension; a null <see cref="Label"/> stands for NULL.</summary>
internal readonly record struct ValueCount(string? Label, long Count);

/// <summary>
/// A dimension that PROFILE and COMPARE break sets of rows down by: one pass over the set per call, choosing the
/// cheapest machinery for the kind of dimension: value bitmaps for CATEGORY, BOOL and TAGS columns, a vectorised
/// bucket count for numbers and dates, the grouping executor for any other expression.
/// </summary>
internal abstract class ProfileDimension(string name)
{
    /// <summary>The dimension as the statement wrote it (<c>city</c>, <c>BUCKET(age, 18, 30)</c>).</summary>
    public string Name { get; } = name;

    /// <summary>True when values keep the order <see cref="Count"/> gives (buckets); otherwise they rank by count.</summary>
    public virtual bool KeepsOrder => false;

    /// <summary>
    /// The members of <paramref name="rows"/> by value (values no member holds may be left out), NULL last.
    /// <paramref name="wholeTable"/> says that <paramref name="rows"/> are all the live rows, which value bitmaps answer
    /// without a pass; <paramref name="parallel"/> lets the pass split over cores (not when the caller already runs
    /// as many passes at once as there are cores).
    /// </summary>
    public abstract List<ValueCount> Count(RoaringBitmap rows, bool wholeTable, bool parallel, CancellationToken cancellationToken);

    /// <summary>The dimension for a bound expression; a numeric or date column without BUCKET is bucketed automatically.</summary>
    public static ProfileDimension Create(string name, BoundExpression expression, TableData data, RoaringBitmap baseRows)
    {
        switch (expression)
        {
            case BoundColumn { ColumnKind: ColumnKind.Category or ColumnKind.Bool } column:
                return new IndexedDimension(name, data, column);
            case BoundColumn { ColumnKind: ColumnKind.Tags } column:
                return new TagsDimension(name, data, column.Ordinal);
            case BoundBucket bucket:
                return new BucketDimension(name, data, bucket);
            default:
                if (ExpressionBinder.IsNumericKind(expression.Kind) || expression.Kind is ValueKind.Date or ValueKind.Timestamp)
                    return new BucketDimension(name, data, AutoBuckets.Choose(expression, data, baseRows));
                return new GroupedDimension(name, data, expression);
        }
    }

    protected static string? Label(Value value) => value.IsNull ? null : value.ToString();

    /// <summary>Counts through the grouping executor (any key it can group by), NULL last.</summary>
    protected static List<ValueCount> Grouped(TableData data, RoaringBitmap rows, BoundExpression key, CancellationToken cancellationToken)
    {
        var count = new BoundAggregate(AggregateFunction.CountStar, null, false, 0, ValueKind.Integer, 0, "COUNT(*)");
        var groups = new GroupingExecutor(data, cancellationToken).Aggregate(rows, [key], [count]);
        var counts = new List<ValueCount>(groups.Count);
        ValueCount? nulls = null;
        foreach (var group in groups)
        {
            long members = group.Aggregates[0].Integer;
            if (members == 0)
                continue;
            if (group.Keys[0].IsNull)
                nulls = new ValueCount(null, members);
            else
                counts.Add(new ValueCount(Label(group.Keys[0]), members));
        }
        if (nulls is { } nullCount)
            counts.Add(nullCount);
        return counts;
    }
}

/// <summary>
/// A CATEGORY or BOOL column: over the whole table each value's bitmap holds its count; otherwise a CATEGORY is counted
/// by a code histogram over the set, and a BOOL (two values) by AND-cardinalities with its two bitmaps.
/// </summary>
internal sealed class IndexedDimension(string name, TableData data, BoundColumn column) : ProfileDimension(name)
{
    public override List<ValueCount> Count(RoaringBitmap rows, bool wholeTable, bool parallel, CancellationToken cancellationToken)
    {
        var indexes = data.ValueIndexes[column.Ordinal]!;
        var dictionary = data.Dictionaries[column.Ordinal];
        int values = dictionary is null ? 2 : Math.Min(data.DictionaryCounts[column.Ordinal], indexes.Length);
        long[] counts;
        if (wholeTable || dictionary is null)
        {
            counts = new long[values + 1];
            for (int code = 0; code < values; code++)
                counts[code] = wholeTable ? indexes[code].Cardinality : RoaringBitmap.AndCardinality(rows, indexes[code]);
            counts[values] = wholeTable ? data.NullRows[column.Ordinal].Cardinality : RoaringBitmap.AndCardinality(rows, data.NullRows[column.Ordinal]);
        }
        else
        {
            counts = CodeCounter.Count(data, column.Ordinal, rows, parallel, cancellationToken);
        }
        var result = new List<ValueCount>(values + 1);
        for (int code = 0; code < values; code++)
        {
            if (counts[code] > 0)
                result.Add(new ValueCount(dictionary is null ? (code == 1 ? "true" : "false") : dictionary[code], counts[code]));
        }
        if (counts[^1] > 0)
            result.Add(new ValueCount(null, counts[^1]));
        return result;
    }
}

/// <summary>
/// A TAGS column: each tag is a value (a member counts once per tag it has). Over the whole table each tag's bitmap
/// holds its count; a set much smaller than the table reads its members' tag codes; a large one takes an
/// AND-cardinality per tag.
/// </summary>
internal sealed class TagsDimension(string name, TableData data, int column) : ProfileDimension(name)
{
    // Reading a member's tags costs about as much as this many rows of one AND-cardinality's container work.
    private const long RowsPerContainerCardinality = 512;

    public override List<ValueCount> Count(RoaringBitmap rows, bool wholeTable, bool parallel, CancellationToken cancellationToken)
    {
        var indexes = data.ValueIndexes[column]!;
        var dictionary = data.Dictionaries[column]!;
        int values = Math.Min(data.DictionaryCounts[column], indexes.Length);
        long[] counts;
        if (!wholeTable && rows.Cardinality < values * (long)Math.Max(1, rows.ContainerCount) * RowsPerContainerCardinality)
        {
            counts = TagCounter.Count(data, column, rows, parallel, cancellationToken);
        }
        else
        {
            counts = new long[values + 1];
            Parallel.For(0, values + 1, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = parallel ? -1 : 1 }, code =>
            {
                var bitmap = code < values ? indexes[code] : data.NullRows[column];
                counts[code] = wholeTable ? bitmap.Cardinality : RoaringBitmap.AndCardinality(rows, bitmap);
            });
        }
        var result = new List<ValueCount>(values + 1);
        for (int code = 0; code < values; code++)
        {
            if (counts[code] > 0)
                result.Add(new ValueCount(dictionary[code], counts[code]));
        }
        if (counts[^1] > 0)
            result.Add(new ValueCount(null, counts[^1]));
        return result;
    }
}

/// <summary>Any other expression (TEXT, a function of several columns): grouped by the grouping executor.</summary>
internal sealed class GroupedDimension(string name, TableData data, BoundExpression key) : ProfileDimension(name)
{
    public override List<ValueCount> Count(RoaringBitmap rows, bool wholeTable, bool parallel, CancellationToken cancellationToken) =>
        Grouped(data, rows, key, cancellationToken);
}

/// <summary>
/// Ranges of a number or date, given by BUCKET or chosen by <see cref="AutoBuckets"/>. Over a column the values of
/// each segment are bucketed by the SIMD kernel straight from the chunk (gathered first when the set is sparse)
/// and counted by bucket; over another expression the grouping executor does it row by row.
/// </summary>
internal sealed class BucketDimension(string name, TableData data, BoundBucket bucket) : ProfileDimension(name)
{
    public BoundBucket Bucket { get; } = bucket;

    public override bool KeepsOrder => true;

    public override List<ValueCount> Count(RoaringBitmap rows, bool wholeTable, bool parallel, CancellationToken cancellationToken)
    {
        if (Bucket.Operand is not BoundColumn column || !column.Definition.Type.IsNumeric && column.ColumnKind is not (ColumnKind.Date or ColumnKind.Timestamp))
        {
            var grouped = Grouped(data, rows, Bucket, cancellationToken);
            var order = Bucket.Labels.Select((label, index) => (label, index)).ToDictionary(pair => pair.label, pair => pair.index, StringComparer.Ordinal);
            return [.. grouped.OrderBy(entry => entry.Label is null ? int.MaxValue : order[entry.Label])];
        }
        var counts = BucketCounter.Count(data, column.Ordinal, Bucket.Edges, rows, parallel, cancellationToken);
        var result = new List<ValueCount>(counts.Length);
        for (int index = 0; index < Bucket.Labels.Length; index++)
        {
            if (counts[index] > 0)
                result.Add(new ValueCount(Bucket.Labels[index], counts[index]));
        }
        if (counts[^1] > 0)
            result.Add(new ValueCount(null, counts[^1]));
        return result;
    }
}

/// <summary>
/// Counts the members of a set by bucket of a numeric or date column: per segment, the values of the members that
/// are not NULL go through <see cref="GroupKernels.Bucketize{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{int})"/> and are
/// counted by bucket: the whole chunk with the members as a mask when they are dense (straight counts when they are
/// the whole chunk), their gathered values when they are sparse. Segments run in parallel.
/// </summary>
internal static class BucketCounter
{
    /// <summary>Members per bucket (edges.Count + 1 of them), then the NULLs: edges.Count + 2 counts.</summary>
    public static long[] Count(TableData data, int column, IReadOnlyList<Value> edges, RoaringBitmap rows, bool parallel, CancellationToken cancellationToken)
    {
        var type = data.Schema.Columns[column].Type;
        var plan = new Plan(type, edges);
        return SegmentCounting.Count(rows, data.NullRows[column], edges.Count + 2, parallel, (key, members, counts, scratch) =>
        {
            switch (data.Segments[key].Chunk(column))
            {
                case NumericChunk<int> ints:
                    Process(ints.Values, members, plan.IntEdges!, plan, counts, scratch, scratch.Ints);
                    break;
                case NumericChunk<long> longs:
                    Process(longs.Values, members, plan.LongEdges!, plan, counts, scratch, scratch.Longs);
                    break;
                case NumericChunk<double> doubles:
                    Process(doubles.Values, members, plan.RealEdges!, plan, counts, scratch, scratch.Reals);
                    break;
                default:
                    throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Column type {type} has no numeric chunks.");
            }
        }, cancellationToken);
    }

    private static void Process<T>(T[] values, Container members, T[] edges, Plan plan, long[] counts, SegmentCounting.Scratch scratch, T[] gathered)
        where T : unmanaged, INumber<T>
    {
        var perBucket = counts.AsSpan(plan.EdgesBelow, edges.Length + 1);
        int length = Math.Min(values.Length, RoaringConstants.ContainerSpan);
        if (edges.Length <= KernelThresholds.BucketizeVectorMaxEdges && SegmentCounting.IsWholeChunk(members, length, scratch))
        {
            // Every row of the chunk and few edges: one compare-and-count pass per edge, nothing written per value.
            GroupKernels.CountBuckets<T>(values.AsSpan(0, length), edges, perBucket);
        }
        else if (SegmentCounting.Dense(members, length))
        {
            var ids = scratch.Ids.AsSpan(0, length);
            GroupKernels.Bucketize<T>(values.AsSpan(0, length), edges, ids);
            GroupKernels.CountCodes(ids, SegmentCounting.Mask(members, counts, scratch), perBucket);
        }
        else
        {
            var offsets = SegmentCounting.Offsets(members, length, counts, scratch);
            GroupKernels.Gather<T>(values, offsets, gathered);
            var ids = scratch.Ids.AsSpan(0, offsets.Length);
            GroupKernels.Bucketize<T>(gathered.AsSpan(0, offsets.Length), edges, ids);
            GroupKernels.CountByGroup(ids, perBucket);
        }
    }

    /// <summary>
    /// The edges in the column's storage units. An integral value v is at or above edge e exactly when
    /// v &gt;= ceil(e); edges below the storage range are passed by every value (<see cref="EdgesBelow"/> shifts the
    /// bucket numbers) and edges above it by none (dropped), so every remaining edge fits the storage type.
    /// </summary>
    private sealed class Plan
    {
        public Plan(ColumnType type, IReadOnlyList<Value> edges)
        {
            if (type.Kind == ColumnKind.Double)
            {
                RealEdges = [.. edges.Select(edge => edge.AsDouble)];
                return;
            }
            bool narrow = type.Kind is ColumnKind.Int32 or ColumnKind.Date;
            decimal min = narrow ? int.MinValue : long.MinValue;
            decimal max = narrow ? int.MaxValue : long.MaxValue;
            var kept = new List<long>();
            foreach (var edge in edges)
            {
                decimal threshold = Math.Ceiling(BucketEdges.StorageUnits(edge, type));
                if (threshold <= min)
                    EdgesBelow++;
                else if (threshold <= max)
                    kept.Add((long)threshold);
            }
            if (narrow)
                IntEdges = [.. kept.Select(edge => (int)edge)];
            else
                LongEdges = [.. kept];
        }

        public int EdgesBelow { get; }

        public int[]? IntEdges { get; }

        public long[]? LongEdges { get; }

        public double[]? RealEdges { get; }
    }
}
