using System.Diagnostics;
using PortraitDb.Bitmaps;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Planning;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>A step of an executed plan, for EXPLAIN ANALYZE: what ran, how many rows came out, how long it took.</summary>
internal sealed record PlanStep(string Name, long Rows, TimeSpan Elapsed);

/// <summary>
/// Runs a <see cref="BoundSelect"/>: the filter to a row bitmap (or straight to a count), then grouping and
/// aggregates, HAVING, projection, DISTINCT, ORDER BY and LIMIT/OFFSET. A row listing without ORDER BY stops
/// after OFFSET + LIMIT rows.
/// </summary>
internal sealed class SelectExecutor(BoundSelect select, CancellationToken cancellationToken)
{
    private readonly List<PlanStep> _steps = [];

    public IReadOnlyList<PlanStep> Steps => _steps;

    public FilterNode? Filter { get; private set; }

    /// <summary>
    /// The privacy guard's k (0 for off): when set and the query groups, the aggregates of a group of fewer than k rows
    /// (but not none) are NULL, and a last column <c>suppressed</c> says <c>&lt;k</c> for such groups (NULL for others).
    /// </summary>
    public int MinGroupSize { get; init; }

    private bool Suppressing => MinGroupSize > 0 && select.Data is not null && select.IsAggregate && select.GroupKeys.Count > 0;

    public QueryResult Execute()
    {
        var rows = Run();
        var columns = select.Outputs.Select(output => new ResultColumn(output.Name, ResultType(output.Expression))).ToList();
        if (Suppressing)
            columns.Add(new ResultColumn(SuppressedColumn, ColumnType.Text));
        return new QueryResult(columns, [.. rows.Select(row => row.Select(value => value.ToObject()).ToArray())]);
    }

    /// <summary>The name of the column the privacy guard adds to grouped results.</summary>
    public const string SuppressedColumn = "suppressed";

    /// <summary>How many rows the filter passes (for the privacy guard), without building them when bitmaps answer.</summary>
    public long CountMatches() => select.Data is null ? 1 : new FilterExecutor(select.Data, cancellationToken).Count(PlanFilter());

    /// <summary>The result rows as host objects; a listing without ORDER BY or DISTINCT is read lazily.</summary>
    public IEnumerable<object?[]> Stream()
    {
        if (select.Data is null || select.IsAggregate || select.OrderBy.Count > 0 || select.Distinct)
            return Execute().Rows;
        return StreamRows();
    }

    private IEnumerable<object?[]> StreamRows()
    {
        var matches = MatchingRows();
        var context = new EvaluationContext { Reader = new RowReader(select.Data!) };
        long skip = select.Offset;
        long remaining = select.Limit ?? long.MaxValue;
        foreach (uint row in matches)
        {
            if (remaining == 0)
                yield break;
            if (skip > 0)
            {
                skip--;
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            context.Row = row;
            var values = new object?[select.Outputs.Count];
            for (int index = 0; index < values.Length; index++)
                values[index] = ExpressionEvaluator.Evaluate(select.Outputs[index].Expression, ref context).ToObject();
            remaining--;
            yield return values;
        }
    }

    /// <summary>The filter plan for a table (for EXPLAIN without running it).</summary>
    public FilterNode PlanFilter() => Filter ??= new FilterPlanner(select.Data!).Plan(select.Where);

    private List<Value[]> Run()
    {
        if (select.Data is null)
        {
            var context = default(EvaluationContext);
            if (select.IsAggregate)
            {
                var noRows = new GroupRow([], [.. select.Aggregates.Select(aggregate => aggregate.Function is AggregateFunction.Count or AggregateFunction.CountStar ? Value.FromInteger(1) : Value.Null)]);
                return Finish([noRows]);
            }
            return Finish([select.Outputs.Select(output => ExpressionEvaluator.Evaluate(output.Expression, ref context)).ToArray()], orderInputs: null);
        }
        var filter = PlanFilter();
        var filterExecutor = new FilterExecutor(select.Data, cancellationToken);
        var clock = Stopwatch.StartNew();
        if (select.IsAggregate && select.GroupKeys.Count == 0 && select.Aggregates.All(aggregate => aggregate.Function == AggregateFunction.CountStar))
        {
            long count = filterExecutor.Count(filter);
            _steps.Add(new PlanStep("filter (cardinality only)", count, clock.Elapsed));
            return Finish([new GroupRow([], [.. select.Aggregates.Select(_ => Value.FromInteger(count))])]);
        }
        if (!select.IsAggregate && select.OrderBy.Count == 0 && !select.Distinct && select.Limit is not null)
            return List(null);
        var matches = filterExecutor.Evaluate(filter);
        _steps.Add(new PlanStep("filter", matches.Cardinality, clock.Elapsed));
        if (!select.IsAggregate && select.OrderBy.Count > 0 && !select.Distinct && select.Limit is { } limit)
            return TopRows(matches, select.Offset + limit);
        if (select.IsAggregate)
        {
            clock.Restart();
            // The guard needs each group's size: a COUNT(*) after the query's own aggregates, which nothing reads.
            IReadOnlyList<BoundAggregate> aggregates = Suppressing
                ? [.. select.Aggregates, new BoundAggregate(AggregateFunction.CountStar, null, false, 0, ValueKind.Integer, 0, "COUNT(*)")]
                : select.Aggregates;
            var groups = new GroupingExecutor(select.Data, cancellationToken).Aggregate(matches, select.GroupKeys, aggregates);
            _steps.Add(new PlanStep(select.GroupKeys.Count == 0 ? "aggregate" : "group by", groups.Count, clock.Elapsed));
            return Finish(groups);
        }
        return List(matches);
    }

    /// <summary>The matching rows in row order, segment by segment, evaluating each segment only when the previous ones did not give enough.</summary>
    private IEnumerable<uint> MatchingRows()
    {
        var filter = PlanFilter();
        var data = select.Data!;
        var executor = new FilterExecutor(data, cancellationToken);
        var scratch = new SegmentRows(data);
        var offsets = new ushort[Bitmaps.Internal.RoaringConstants.ContainerSpan];
        for (int index = 0; index < data.LiveRows.ContainerCount; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ushort key = data.LiveRows.KeyAt(index);
            if (executor.EvaluateSegment(filter, key, scratch) is not { } rows)
                continue;
            int count = FilterExecutor.Offsets(rows, offsets);
            uint high = (uint)key << 16;
            for (int offset = 0; offset < count; offset++)
                yield return high | offsets[offset];
        }
    }

    /// <summary>ORDER BY ... LIMIT over rows: keeps the best OFFSET + LIMIT rows in a bounded heap, then projects only those.</summary>
    private List<Value[]> TopRows(RoaringBitmap matches, long wanted)
    {
        var clock = Stopwatch.StartNew();
        var comparer = Comparer<(Value[] Keys, uint Row)>.Create((left, right) =>
        {
            int comparison = CompareOrder(left.Keys, right.Keys);
            return comparison != 0 ? comparison : left.Row.CompareTo(right.Row);
        });
        // The heap's top is the worst row kept, so a better row replaces it.
        var heap = new PriorityQueue<(Value[] Keys, uint Row), (Value[] Keys, uint Row)>(Comparer<(Value[] Keys, uint Row)>.Create((left, right) => comparer.Compare(right, left)));
        var context = new EvaluationContext { Reader = new RowReader(select.Data!) };
        long seen = 0;
        foreach (uint row in matches)
        {
            if ((++seen & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            context.Row = row;
            var keys = new Value[select.OrderBy.Count];
            for (int index = 0; index < keys.Length; index++)
                keys[index] = ExpressionEvaluator.Evaluate(select.OrderBy[index].Expression, ref context);
            var candidate = (keys, row);
            if (heap.Count < wanted)
                heap.Enqueue(candidate, candidate);
            else if (heap.Count > 0 && comparer.Compare(candidate, heap.Peek()) < 0)
                heap.EnqueueDequeue(candidate, candidate);
        }
        var best = new List<(Value[] Keys, uint Row)>(heap.Count);
        while (heap.Count > 0)
            best.Add(heap.Dequeue());
        best.Reverse();
        var rows = new List<Value[]>(best.Count);
        foreach (var (_, row) in best.Skip((int)Math.Min(select.Offset, best.Count)))
        {
            context.Row = row;
            rows.Add([.. select.Outputs.Select(output => ExpressionEvaluator.Evaluate(output.Expression, ref context))]);
        }
        _steps.Add(new PlanStep($"top {wanted:N0} of {seen:N0} rows", rows.Count, clock.Elapsed));
        return rows;
    }

    private int CompareOrder(Value[] left, Value[] right)
    {
        for (int index = 0; index < select.OrderBy.Count; index++)
        {
            var item = select.OrderBy[index];
            var a = left[index];
            var b = right[index];
            int comparison;
            if (a.IsNull || b.IsNull)
                comparison = a.IsNull == b.IsNull ? 0 : a.IsNull == item.NullsFirst ? -1 : 1;
            else
                comparison = item.Descending ? Value.Compare(b, a) : Value.Compare(a, b);
            if (comparison != 0)
                return comparison;
        }
        return 0;
    }

    private List<Value[]> List(RoaringBitmap? matches)
    {
        var clock = Stopwatch.StartNew();
        bool canStopEarly = select.OrderBy.Count == 0 && !select.Distinct && select.Limit is not null;
        long wanted = canStopEarly ? select.Offset + select.Limit!.Value : long.MaxValue;
        var reader = new RowReader(select.Data!);
        var context = new EvaluationContext { Reader = reader };
        var rows = new List<Value[]>();
        var orderInputs = select.OrderBy.Count > 0 ? new List<Value[]>() : null;
        foreach (uint row in matches ?? MatchingRows())
        {
            if (rows.Count >= wanted)
                break;
            if ((rows.Count & 0xFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            context.Row = row;
            rows.Add([.. select.Outputs.Select(output => ExpressionEvaluator.Evaluate(output.Expression, ref context))]);
            orderInputs?.Add([.. select.OrderBy.Select(order => ExpressionEvaluator.Evaluate(order.Expression, ref context))]);
        }
        _steps.Add(new PlanStep("project", rows.Count, clock.Elapsed));
        return Finish(rows, orderInputs);
    }

    private List<Value[]> Finish(List<GroupRow> groups)
    {
        var clock = Stopwatch.StartNew();
        var rows = new List<Value[]>();
        var orderInputs = new List<Value[]>();
        foreach (var group in groups)
        {
            var context = new EvaluationContext { Groups = group.Keys, Aggregates = group.Aggregates };
            var flag = Value.Null;
            if (Suppressing && group.Aggregates[^1].Integer is > 0 and var size && size < MinGroupSize)
            {
                // Every aggregate of a small group is withheld, not only its count: a sum or an average of a few customers
                // tells as much. HAVING sees them withheld too, or HAVING COUNT(*) = 2 would tell the count all the same.
                context.Aggregates = new Value[group.Aggregates.Length];
                flag = Value.FromText($"<{MinGroupSize}");
            }
            if (select.Having is not null && !ExpressionEvaluator.IsTrue(select.Having, ref context))
                continue;
            var values = select.Outputs.Select(output => ExpressionEvaluator.Evaluate(output.Expression, ref context));
            rows.Add(Suppressing ? [.. values, flag] : [.. values]);
            orderInputs.Add([.. select.OrderBy.Select(order => ExpressionEvaluator.Evaluate(order.Expression, ref context))]);
        }
        _steps.Add(new PlanStep("having and project", rows.Count, clock.Elapsed));
        return Finish(rows, orderInputs);
    }

    private List<Value[]> Finish(List<Value[]> rows, List<Value[]>? orderInputs)
    {
        if (select.Distinct)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var keep = new List<int>();
            for (int index = 0; index < rows.Count; index++)
            {
                if (seen.Add(string.Join('\u0001', rows[index].Select(value => $"{value.Kind}:{value}"))))
                    keep.Add(index);
            }
            rows = [.. keep.Select(index => rows[index])];
            orderInputs = orderInputs is null ? null : [.. keep.Select(index => orderInputs[index])];
        }
        if (select.OrderBy.Count > 0 && orderInputs is not null)
        {
            var order = Enumerable.Range(0, rows.Count).ToArray();
            var inputs = orderInputs;
            Array.Sort(order, (left, right) =>
            {
                int comparison = CompareOrder(inputs[left], inputs[right]);
                return comparison != 0 ? comparison : left.CompareTo(right);
            });
            rows = [.. order.Select(index => rows[index])];
        }
        long skip = Math.Min(select.Offset, rows.Count);
        long take = Math.Min(select.Limit ?? long.MaxValue, rows.Count - skip);
        return rows.GetRange((int)skip, (int)take);
    }

    /// <summary>The result column type of an expression.</summary>
    public static ColumnType ResultType(BoundExpression expression) => expression switch
    {
        BoundColumn column => column.Definition.Type,
        BoundGroupReference group => ResultType(group.Key),
        _ => expression.Kind switch
        {
            ValueKind.Bool => ColumnType.Bool,
            ValueKind.Integer => ColumnType.Int64,
            ValueKind.Real => ColumnType.Double,
            ValueKind.Decimal => ColumnType.Decimal(ColumnType.MaxDecimalPrecision, expression.Scale),
            ValueKind.Date => ColumnType.Date,
            ValueKind.Timestamp => ColumnType.Timestamp,
            ValueKind.Tags => ColumnType.Tags,
            _ => ColumnType.Text,
        },
    };
}
