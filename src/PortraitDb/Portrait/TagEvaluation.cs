using PortraitDb.Bitmaps;
using PortraitDb.Query;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Execution;
using PortraitDb.Query.Planning;
using PortraitDb.Storage;

namespace PortraitDb.Portrait;

/// <summary>
/// Computes a tag's values for a set of rows as one bitmap per value, ready for <see cref="TableData.SetValues"/>.
/// A condition gives the rows where it is TRUE and those where it is FALSE (the rest are NULL: three-valued logic);
/// a CASE gives, per WHEN, the rows its condition matches among those no earlier WHEN took (first match wins), and
/// the ELSE value the rows left. Each condition is planned like a WHERE (bitmap algebra, scans), so a tag over
/// millions of rows costs a few bitmap operations; a few rows (a write's) are evaluated row by row instead, since
/// planning a condition can cost a pass over a whole bitmap.
/// </summary>
internal static class TagEvaluation
{
    /// <summary>At most this many rows are computed row by row (about the cost of planning one condition).</summary>
    public const int RowByRowLimit = 4096;

    /// <summary>
    /// The column type a tag definition gives: BOOL for a condition; for a CASE, CATEGORY for text labels, INT or BIGINT
    /// for whole numbers, and the type of its values otherwise. Null when the definition is neither.
    /// </summary>
    public static ColumnType? TypeOf(BoundExpression definition)
    {
        if (definition is not BoundCase branches)
            return definition.Kind is ValueKind.Bool or ValueKind.Null ? ColumnType.Bool : null;
        return branches.Kind switch
        {
            ValueKind.Text => ColumnType.Category,
            ValueKind.Bool => ColumnType.Bool,
            ValueKind.Integer => ResultValues(branches).All(value => value.IsNull || value.Integer is >= int.MinValue and <= int.MaxValue) ? ColumnType.Int32 : ColumnType.Int64,
            ValueKind.Real => ColumnType.Double,
            ValueKind.Decimal => ColumnType.Decimal(ColumnType.MaxDecimalPrecision, branches.Scale),
            ValueKind.Date => ColumnType.Date,
            ValueKind.Timestamp => ColumnType.Timestamp,
            _ => null,
        };
    }

    /// <summary>
    /// The definition as a tag reads it: a CASE whose conditions all folded away (<c>CASE WHEN FALSE THEN 'a' ELSE 'b'
    /// END</c> binds to the constant <c>'b'</c>) is a CASE with only an ELSE again, so its type and values stay a label's.
    /// </summary>
    public static BoundExpression Normalize(BoundExpression definition) =>
        definition is BoundLiteral { Kind: not (ValueKind.Bool or ValueKind.Null) } constant
            ? new BoundCase([], constant, constant.Kind, constant.Scale)
            : definition;

    /// <summary>True when every THEN and the ELSE of a CASE is a constant (a tag's values are labels, not formulas).</summary>
    public static bool HasConstantResults(BoundCase branches) =>
        branches.Branches.All(branch => FilterPlanner.IsConstant(branch.Then)) && (branches.Else is null || FilterPlanner.IsConstant(branches.Else));

    /// <summary>
    /// The values of <paramref name="definition"/> for the live rows among <paramref name="rows"/>: one entry per
    /// non-NULL value with its rows (rows in no entry are NULL).
    /// </summary>
    public static List<ColumnValues> Evaluate(TableData data, BoundExpression definition, ColumnType type, RoaringBitmap rows, CancellationToken cancellationToken)
    {
        bool whole = rows.Cardinality >= data.LiveRows.Cardinality && RoaringBitmap.AndNotCardinality(data.LiveRows, rows) == 0;
        var scope = whole ? data.LiveRows : RoaringBitmap.And(rows, data.LiveRows);
        Dictionary<Value, RoaringBitmap> byValue;
        if (!whole && scope.Cardinality <= RowByRowLimit)
            byValue = RowByRow(data, definition, scope);
        else if (definition is BoundCase branches && HasConstantResults(branches))
            byValue = Branches(data, branches, whole ? null : scope, cancellationToken);
        else if (definition is not BoundCase && definition.Kind is ValueKind.Bool or ValueKind.Null)
            byValue = Condition(data, definition, whole ? null : scope, cancellationToken);
        else
            byValue = RowByRow(data, definition, scope);
        var values = new List<ColumnValues>(byValue.Count);
        foreach (var (value, bitmap) in byValue)
        {
            if (!bitmap.IsEmpty)
                values.Add(new ColumnValues(CellOf(value, type), bitmap));
        }
        return values;
    }

    /// <summary>A value in the storage encoding of a column of <paramref name="type"/>.</summary>
    public static Cell CellOf(Value value, ColumnType type)
    {
        var converted = ExpressionEvaluator.Convert(value, BoundColumn.KindOf(type), type.Kind == ColumnKind.Decimal ? type.Scale : 0);
        return type.Kind switch
        {
            ColumnKind.Category or ColumnKind.Text => Cell.FromText(converted.AsText),
            ColumnKind.Bool => Cell.FromInteger(converted.AsBool ? 1 : 0),
            ColumnKind.Double => Cell.FromReal(converted.AsDouble),
            _ => Cell.FromInteger(converted.Integer),
        };
    }

    private static IEnumerable<Value> ResultValues(BoundCase branches)
    {
        foreach (var (_, then) in branches.Branches)
            yield return Constant(then);
        if (branches.Else is not null)
            yield return Constant(branches.Else);
    }

    private static Value Constant(BoundExpression expression)
    {
        var context = default(EvaluationContext);
        return FilterPlanner.IsConstant(expression) ? ExpressionEvaluator.Evaluate(expression, ref context) : Value.Null;
    }

    private static Dictionary<Value, RoaringBitmap> Condition(TableData data, BoundExpression condition, RoaringBitmap? candidates, CancellationToken cancellationToken)
    {
        var planner = new FilterPlanner(data);
        var executor = new FilterExecutor(data, cancellationToken);
        var isTrue = executor.Evaluate(planner.Plan(condition), candidates);
        var isFalse = executor.Evaluate(planner.Plan(new BoundUnary(BoundUnaryOperator.Not, condition, ValueKind.Bool, 0)), candidates);
        return new Dictionary<Value, RoaringBitmap> { [Value.FromBool(true)] = isTrue, [Value.FromBool(false)] = isFalse };
    }

    private static Dictionary<Value, RoaringBitmap> Branches(TableData data, BoundCase branches, RoaringBitmap? candidates, CancellationToken cancellationToken)
    {
        var planner = new FilterPlanner(data);
        var executor = new FilterExecutor(data, cancellationToken);
        var byValue = new Dictionary<Value, RoaringBitmap>();
        // Null stands for "every live row": the executor then starts from the live rows without an extra AND.
        RoaringBitmap? remaining = candidates;
        foreach (var (when, then) in branches.Branches)
        {
            if (remaining is { IsEmpty: true })
                break;
            var matched = executor.Evaluate(planner.Plan(when), remaining);
            if (matched.IsEmpty)
                continue;
            Add(byValue, Constant(then), matched);
            remaining = RoaringBitmap.AndNot(remaining ?? data.LiveRows, matched);
        }
        if (branches.Else is not null)
            Add(byValue, Constant(branches.Else), remaining ?? data.LiveRows);
        return byValue;
    }

    private static void Add(Dictionary<Value, RoaringBitmap> byValue, Value value, RoaringBitmap rows)
    {
        if (value.IsNull || rows.IsEmpty)
            return;
        byValue[value] = byValue.TryGetValue(value, out var existing) ? RoaringBitmap.Or(existing, rows) : rows;
    }

    private static Dictionary<Value, RoaringBitmap> RowByRow(TableData data, BoundExpression definition, RoaringBitmap rows)
    {
        var reader = new RowReader(data);
        var byValue = new Dictionary<Value, List<uint>>();
        foreach (uint row in rows)
        {
            var context = new EvaluationContext { Reader = reader, Row = row };
            var value = ExpressionEvaluator.Evaluate(definition, ref context);
            if (value.IsNull)
                continue;
            if (!byValue.TryGetValue(value, out var list))
                byValue[value] = list = [];
            list.Add(row);
        }
        return byValue.ToDictionary(entry => entry.Key, entry => RoaringBitmap.FromSorted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entry.Value)));
    }
}
