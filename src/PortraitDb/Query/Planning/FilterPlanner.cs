using PortraitDb.Bitmaps;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Execution;
using PortraitDb.Storage;

namespace PortraitDb.Query.Planning;

/// <summary>
/// Turns a bound WHERE condition into a <see cref="FilterNode"/> tree for one table version. NOT is pushed to
/// the leaves by De Morgan (exact under three-valued logic: a leaf is asked for the rows where it is FALSE). A
/// condition on a single CATEGORY or BOOL column is evaluated once per dictionary value and becomes a union of
/// value bitmaps (so <c>=</c>, <c>IN</c>, <c>LIKE</c>, <c>&lt;</c> and any function of the column cost one bitmap OR);
/// TAGS conditions become bitmap unions or intersections; numeric comparisons become scans; the rest runs row by row.
/// </summary>
internal sealed class FilterPlanner(TableData data)
{
    private const double DefaultRangeSelectivity = 0.3;
    private const double DefaultEqualitySelectivity = 0.05;
    private const double DefaultRowSelectivity = 0.5;
    private readonly double _liveRows = Math.Max(1, data.LiveRows.Cardinality);

    public FilterNode Plan(BoundExpression? condition) => condition is null ? new ConstantFilter(true) : Simplify(Plan(condition, negated: false));

    private FilterNode Plan(BoundExpression expression, bool negated)
    {
        switch (expression)
        {
            case BoundUnary { Operator: BoundUnaryOperator.Not } not:
                return Plan(not.Operand, !negated);
            case BoundBinary { Operator: BoundBinaryOperator.And or BoundBinaryOperator.Or } logical:
                {
                    bool conjunction = (logical.Operator == BoundBinaryOperator.And) != negated;
                    var children = new List<FilterNode>();
                    Flatten(logical, logical.Operator, children, negated);
                    return conjunction ? new AndFilter(children) : new OrFilter(children);
                }
        }
        if (expression is BoundInAudience audience)
        {
            var members = negated ? RoaringBitmap.AndNot(data.LiveRows, audience.Rows) : audience.Rows;
            return Bitmap($"{(negated ? "NOT " : "")}{audience} [{audience.Description}]", [members], intersect: false);
        }
        if (IsConstant(expression))
        {
            var context = default(EvaluationContext);
            var value = ExpressionEvaluator.Evaluate(expression, ref context);
            return new ConstantFilter(!value.IsNull && value.AsBool != negated);
        }
        var columns = expression.Columns().ToList();
        // A condition that also asks IN AUDIENCE depends on the row, not only on the column's value.
        if (columns.Count == 1 && !expression.Any(node => node is BoundInAudience))
        {
            int column = columns[0];
            var kind = data.Schema.Columns[column].Type.Kind;
            if (expression is BoundIsNull { Operand: BoundColumn })
                return NullFilter(expression, column, negated);
            if (kind is ColumnKind.Category or ColumnKind.Bool)
                return DictionaryFilter(expression, column, negated);
            if (kind == ColumnKind.Tags && expression is BoundHas has)
                return TagsFilter(has, column, negated);
            if (TryKeyLookup(expression, column, negated) is { } lookup)
                return lookup;
            if (data.Schema.Columns[column].Type.IsNumeric && TryScan(expression, column, negated) is { } scan)
                return scan;
        }
        return new RowFilter(expression, negated) { Selectivity = DefaultRowSelectivity };
    }

    private void Flatten(BoundExpression expression, BoundBinaryOperator op, List<FilterNode> children, bool negated)
    {
        if (expression is BoundBinary binary && binary.Operator == op)
        {
            Flatten(binary.Left, op, children, negated);
            Flatten(binary.Right, op, children, negated);
            return;
        }
        children.Add(Plan(expression, negated));
    }

    public static bool IsConstant(BoundExpression expression) =>
        !expression.Any(node => node is BoundColumn or BoundAggregate or BoundAggregateReference or BoundGroupReference or BoundInAudience);

    private BitmapFilter NullFilter(BoundExpression expression, int column, bool negated)
    {
        var nulls = data.NullRows[column];
        var set = negated ? RoaringBitmap.AndNot(data.LiveRows, nulls) : nulls;
        return Bitmap($"{(negated ? "NOT " : "")}{expression}", [set], intersect: false);
    }

    private BitmapFilter DictionaryFilter(BoundExpression expression, int column, bool negated)
    {
        int values = data.Schema.Columns[column].Type.Kind == ColumnKind.Bool ? 2 : Math.Min(data.DictionaryCounts[column], data.ValueCount(column));
        if (!negated && TryLookupCodes(expression, column, values, out var missing) is { } codes)
        {
            string note = string.Concat(missing.Select(value => $"; '{value}' never occurs in {data.Schema.Columns[column].Name}{Suggestion(value, column, values)}"));
            return Bitmap($"{expression}{note}", [.. codes.Select(code => data.ValueBitmap(column, code))], intersect: false);
        }
        // Which values match is decided on the dictionary alone; only the bitmaps of the side used are read.
        const int NullRows = -1;
        bool wanted = !negated;
        var matching = new List<int>();
        var others = new List<int>();
        var context = new EvaluationContext { HasOverride = true, OverrideColumn = column };
        var dictionary = data.Dictionaries[column];
        for (int code = 0; code < values; code++)
        {
            context.OverrideValue = dictionary is null ? Value.FromBool(code == 1) : Value.FromText(dictionary[code]);
            var result = ExpressionEvaluator.Evaluate(expression, ref context);
            (!result.IsNull && result.AsBool == wanted ? matching : others).Add(code);
        }
        context.OverrideValue = Value.Null;
        var onNull = ExpressionEvaluator.Evaluate(expression, ref context);
        var nulls = data.NullRows[column];
        if (!nulls.IsEmpty)
            (!onNull.IsNull && onNull.AsBool == wanted ? matching : others).Add(NullRows);
        List<RoaringBitmap> Sets(List<int> codes) =>
            [.. codes.Select(code => code == NullRows ? nulls : data.ValueBitmap(column, code)).Where(set => !set.IsEmpty)];
        // Most values match (e.g. city <> 'x'): subtracting the few others from the live rows is cheaper than a wide OR.
        if (matching.Count > others.Count + 1)
        {
            var subtracted = Sets(others);
            var complement = subtracted.Count switch
            {
                0 => data.LiveRows,
                1 => RoaringBitmap.AndNot(data.LiveRows, subtracted[0]),
                _ => RoaringBitmap.AndNot(data.LiveRows, RoaringBitmap.OrMany([.. subtracted])),
            };
            return Bitmap($"{(negated ? "NOT " : "")}{expression} [live rows minus {subtracted.Count} values]", [complement], intersect: false);
        }
        return Bitmap($"{(negated ? "NOT " : "")}{expression}", Sets(matching), intersect: false);
    }

    // `c = 'x'` and `c IN ('x', 'y')` look their codes up instead of scanning a dictionary that may be large.
    private List<int>? TryLookupCodes(BoundExpression expression, int column, int values, out List<string> missing)
    {
        missing = [];
        var dictionary = data.Dictionaries[column];
        if (dictionary is null)
            return null;
        if (expression is BoundInSet { Operand: BoundColumn } inSet && inSet.Values.Count < values)
        {
            // A subquery's values: look each up, and say nothing about the ones the column never holds.
            var found = new List<int>();
            foreach (var value in inSet.Values)
            {
                if (value.Kind == ValueKind.Text && dictionary.TryGetCode(value.AsText, out int code) && code < values)
                    found.Add(code);
            }
            return found;
        }
        List<Value>? wanted = expression switch
        {
            BoundBinary { Operator: BoundBinaryOperator.Equal, Left: BoundColumn, Right: BoundLiteral literal } => [literal.Value],
            BoundBinary { Operator: BoundBinaryOperator.Equal, Left: BoundLiteral literal, Right: BoundColumn } => [literal.Value],
            BoundInList { Operand: BoundColumn } inList when inList.Items.All(item => item is BoundLiteral) => [.. inList.Items.Select(item => ((BoundLiteral)item).Value)],
            _ => null,
        };
        if (wanted is null || wanted.Any(value => value.Kind != ValueKind.Text))
            return null;
        var codes = new List<int>();
        foreach (var value in wanted)
        {
            if (dictionary.TryGetCode(value.AsText, out int code) && code < values)
            {
                if (!codes.Contains(code))
                    codes.Add(code);
            }
            else
            {
                missing.Add(value.AsText);
            }
        }
        return codes;
    }

    private string Suggestion(string value, int column, int values)
    {
        const int MaxValuesToSuggestFrom = 100_000;
        var dictionary = data.Dictionaries[column]!;
        if (values > MaxValuesToSuggestFrom)
            return "";
        return ExpressionBinder.Suggest(value, Enumerable.Range(0, values).Select(code => dictionary[code]));
    }

    private BitmapFilter TagsFilter(BoundHas has, int column, bool negated)
    {
        var dictionary = data.Dictionaries[column]!;
        int values = Math.Min(data.DictionaryCounts[column], data.ValueCount(column));
        var present = new List<RoaringBitmap>();
        bool anyMissing = false;
        foreach (string tag in has.Tags.Distinct(StringComparer.Ordinal))
        {
            if (dictionary.TryGetCode(tag, out int code) && code < values)
                present.Add(data.ValueBitmap(column, code));
            else
                anyMissing = true;
        }
        bool intersect = has.Mode == HasMode.All;
        if (intersect && anyMissing)
            present.Clear();
        if (!negated)
            return Bitmap(has.ToString(), present, intersect && present.Count > 0);
        var matches = present.Count == 0 ? new RoaringBitmap() : intersect ? RoaringBitmap.AndMany([.. present]) : RoaringBitmap.OrMany([.. present]);
        var set = RoaringBitmap.AndNot(RoaringBitmap.AndNot(data.LiveRows, matches), data.NullRows[column]);
        return Bitmap($"NOT {has}", [set], intersect: false);
    }

    private BitmapFilter? TryKeyLookup(BoundExpression expression, int column, bool negated)
    {
        if (data.Keys is null || column != data.Schema.KeyOrdinal)
            return null;
        if (expression is BoundInSet { Operand: BoundColumn } inSet)
            return KeySetLookup(inSet, column, negated);
        if (negated)
            return null;
        if (expression is not BoundBinary { Operator: BoundBinaryOperator.Equal } equal)
            return null;
        var literal = (equal.Left as BoundLiteral ?? equal.Right as BoundLiteral)?.Value;
        if (literal is not { } key || key.IsNull)
            return null;
        var rows = new RoaringBitmap();
        object keyObject = data.Schema.Columns[column].Type.Kind == ColumnKind.Text ? key.ToString() : key.Kind == ValueKind.Integer ? key.Integer : key.ToObject()!;
        try
        {
            if (new TableSnapshot(data).TryFindRow(keyObject, out uint row))
                rows.Add(row);
        }
        catch (PortraitDbException)
        {
            return null;
        }
        return Bitmap($"{expression} [key index]", [rows], intersect: false);
    }

    /// <summary><c>key [NOT] IN (SELECT ...)</c>: one key-index lookup per value of the subquery (a key is never NULL).</summary>
    private BitmapFilter KeySetLookup(BoundInSet inSet, int column, bool negated)
    {
        var snapshot = new TableSnapshot(data);
        bool text = data.Schema.Columns[column].Type.Kind == ColumnKind.Text;
        var found = new List<uint>();
        foreach (var value in inSet.Values)
        {
            if (KeyOf(value, text) is not { } key)
                continue;
            try
            {
                if (snapshot.TryFindRow(key, out uint row))
                    found.Add(row);
            }
            catch (PortraitDbException)
            {
                // A value that does not fit the key's type (an INT key and a BIGINT value) is no key of the table.
            }
        }
        found.Sort();
        var rows = RoaringBitmap.FromSorted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(found));
        if (!negated)
            return Bitmap($"{inSet} [key index, {inSet.Values.Count:N0} lookups]", [rows], intersect: false);
        // NOT IN: every row for an empty subquery, none when it gave a NULL, else the rows whose key is not among its values.
        var set = inSet.IsEmpty ? data.LiveRows : inSet.HasNull ? new RoaringBitmap() : RoaringBitmap.AndNot(data.LiveRows, rows);
        return Bitmap($"NOT {inSet} [key index, {inSet.Values.Count:N0} lookups]", [set], intersect: false);
    }

    /// <summary>A subquery value as a key to look up, or null when it can equal no key (a fraction for an integer key).</summary>
    private static object? KeyOf(Value value, bool text)
    {
        if (text)
            return value.Kind == ValueKind.Text ? value.AsText : null;
        switch (value.Kind)
        {
            case ValueKind.Integer:
                return value.Integer;
            case ValueKind.Decimal:
                {
                    decimal exact = value.AsDecimal;
                    return exact == decimal.Truncate(exact) && exact is >= long.MinValue and <= long.MaxValue ? (long)exact : null;
                }
            case ValueKind.Real:
                return value.Real == Math.Truncate(value.Real) && Math.Abs(value.Real) < 9.2e18 ? (long)value.Real : null;
            default:
                return null;
        }
    }

    private BitmapFilter Bitmap(string description, IReadOnlyList<RoaringBitmap> bitmaps, bool intersect)
    {
        var filter = new BitmapFilter(description, bitmaps, intersect);
        filter.Selectivity = filter.Set.Cardinality / _liveRows;
        return filter;
    }

    private FilterNode? TryScan(BoundExpression expression, int column, bool negated)
    {
        switch (expression)
        {
            case BoundBinary binary when binary.IsComparison:
                {
                    BoundBinaryOperator op = binary.Operator;
                    Value constant;
                    if (binary.Left is BoundColumn && IsConstant(binary.Right))
                    {
                        constant = EvaluateConstant(binary.Right);
                    }
                    else if (binary.Right is BoundColumn && IsConstant(binary.Left))
                    {
                        constant = EvaluateConstant(binary.Left);
                        op = Mirror(op);
                    }
                    else
                    {
                        return null;
                    }
                    if (negated)
                        op = Invert(op);
                    if (constant.IsNull)
                        return new ConstantFilter(false);
                    return ComparisonScan($"{data.Schema.Columns[column].Name} {BoundBinary.Symbol(op)} {constant}", column, op, constant);
                }
            case BoundBetween { Operand: BoundColumn } between when IsConstant(between.Low) && IsConstant(between.High):
                {
                    var low = EvaluateConstant(between.Low);
                    var high = EvaluateConstant(between.High);
                    string name = data.Schema.Columns[column].Name;
                    if (low.IsNull || high.IsNull)
                        return null;
                    if (!negated)
                    {
                        var lower = ComparisonScan($"{name} >= {low}", column, BoundBinaryOperator.GreaterOrEqual, low);
                        var upper = ComparisonScan($"{name} <= {high}", column, BoundBinaryOperator.LessOrEqual, high);
                        if (lower is ScanFilter a && upper is ScanFilter b)
                        {
                            return new ScanFilter($"{name} BETWEEN {low} AND {high}", column, Math.Max(a.Low, b.Low), Math.Min(a.High, b.High),
                                Math.Max(a.RealLow, b.RealLow), Math.Min(a.RealHigh, b.RealHigh), notEqual: false)
                            { Selectivity = DefaultRangeSelectivity };
                        }
                        return new AndFilter([lower, upper]);
                    }
                    return new OrFilter([
                        ComparisonScan($"{name} < {low}", column, BoundBinaryOperator.Less, low),
                        ComparisonScan($"{name} > {high}", column, BoundBinaryOperator.Greater, high)]);
                }
            case BoundInList { Operand: BoundColumn } inList when inList.Items.All(IsConstant):
                {
                    string name = data.Schema.Columns[column].Name;
                    var items = inList.Items.Select(EvaluateConstant).ToList();
                    if (negated && items.Any(item => item.IsNull))
                        return new ConstantFilter(false);
                    var scans = items.Where(item => !item.IsNull)
                        .Select(item => negated
                            ? ComparisonScan($"{name} <> {item}", column, BoundBinaryOperator.NotEqual, item)
                            : ComparisonScan($"{name} = {item}", column, BoundBinaryOperator.Equal, item))
                        .ToList();
                    return negated ? new AndFilter(scans) : new OrFilter(scans);
                }
            default:
                return null;
        }
    }

    private static Value EvaluateConstant(BoundExpression expression)
    {
        var context = default(EvaluationContext);
        return ExpressionEvaluator.Evaluate(expression, ref context);
    }

    /// <summary>A scan for <c>column op constant</c> as an inclusive range in the column's storage encoding.</summary>
    private FilterNode ComparisonScan(string description, int column, BoundBinaryOperator op, Value constant)
    {
        var type = data.Schema.Columns[column].Type;
        double selectivity = op == BoundBinaryOperator.Equal ? DefaultEqualitySelectivity : DefaultRangeSelectivity;
        if (type.Kind == ColumnKind.Double)
        {
            if (!constant.IsNumeric)
                return new RowFilter(new BoundLiteral(Value.FromBool(false)), negated: false);
            double value = constant.AsDouble;
            var (low, high, notEqual) = op switch
            {
                BoundBinaryOperator.Less => (double.NegativeInfinity, Math.BitDecrement(value), false),
                BoundBinaryOperator.LessOrEqual => (double.NegativeInfinity, value, false),
                BoundBinaryOperator.Greater => (Math.BitIncrement(value), double.PositiveInfinity, false),
                BoundBinaryOperator.GreaterOrEqual => (value, double.PositiveInfinity, false),
                BoundBinaryOperator.Equal => (value, value, false),
                _ => (value, value, true),
            };
            return new ScanFilter(description, column, 0, 0, low, high, notEqual) { Selectivity = selectivity };
        }
        if (!TryStorageUnits(constant, type, out decimal units))
            return new RowFilter(new BoundBinary(op, new BoundColumn(column, data.Schema.Columns[column]), new BoundLiteral(constant), ValueKind.Bool, 0), negated: false);
        decimal min = type.Kind is ColumnKind.Int32 or ColumnKind.Date ? int.MinValue : long.MinValue;
        decimal max = type.Kind is ColumnKind.Int32 or ColumnKind.Date ? int.MaxValue : long.MaxValue;
        bool integral = units == Math.Floor(units);
        decimal lowBound = min;
        decimal highBound = max;
        switch (op)
        {
            case BoundBinaryOperator.Less:
                highBound = Math.Ceiling(units) - 1;
                break;
            case BoundBinaryOperator.LessOrEqual:
                highBound = Math.Floor(units);
                break;
            case BoundBinaryOperator.Greater:
                lowBound = Math.Floor(units) + 1;
                break;
            case BoundBinaryOperator.GreaterOrEqual:
                lowBound = Math.Ceiling(units);
                break;
            case BoundBinaryOperator.Equal:
                if (!integral)
                    return new ConstantFilter(false);
                lowBound = highBound = units;
                break;
            default:
                if (!integral || units < min || units > max)
                    break;
                return new ScanFilter(description, column, (long)units, (long)units, 0, 0, notEqual: true) { Selectivity = 1 - DefaultEqualitySelectivity };
        }
        if (lowBound > max || highBound < min || lowBound > highBound)
            return new ConstantFilter(false);
        return new ScanFilter(description, column, (long)Math.Max(lowBound, min), (long)Math.Min(highBound, max), 0, 0, notEqual: false) { Selectivity = selectivity };
    }

    /// <summary>The constant in the column's storage units (scaled decimal, days, microseconds), exactly.</summary>
    private static bool TryStorageUnits(Value constant, ColumnType type, out decimal units)
    {
        units = 0;
        try
        {
            switch (type.Kind)
            {
                case ColumnKind.Int32 or ColumnKind.Int64 when constant.IsNumeric:
                    units = constant.Kind == ValueKind.Real ? (decimal)constant.Real : constant.AsDecimal;
                    return true;
                case ColumnKind.Decimal when constant.IsNumeric:
                    units = (constant.Kind == ValueKind.Real ? (decimal)constant.Real : constant.AsDecimal) * ValueConversion.PowerOfTen(type.Scale);
                    return true;
                case ColumnKind.Date when constant.Kind == ValueKind.Date:
                    units = constant.Integer;
                    return true;
                case ColumnKind.Timestamp when constant.Kind is ValueKind.Timestamp or ValueKind.Date:
                    units = constant.Kind == ValueKind.Date ? (decimal)constant.Integer * Value.MicrosecondsPerDay : constant.Integer;
                    return true;
                default:
                    return false;
            }
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static BoundBinaryOperator Mirror(BoundBinaryOperator op) => op switch
    {
        BoundBinaryOperator.Less => BoundBinaryOperator.Greater,
        BoundBinaryOperator.LessOrEqual => BoundBinaryOperator.GreaterOrEqual,
        BoundBinaryOperator.Greater => BoundBinaryOperator.Less,
        BoundBinaryOperator.GreaterOrEqual => BoundBinaryOperator.LessOrEqual,
        _ => op,
    };

    private static BoundBinaryOperator Invert(BoundBinaryOperator op) => op switch
    {
        BoundBinaryOperator.Equal => BoundBinaryOperator.NotEqual,
        BoundBinaryOperator.NotEqual => BoundBinaryOperator.Equal,
        BoundBinaryOperator.Less => BoundBinaryOperator.GreaterOrEqual,
        BoundBinaryOperator.LessOrEqual => BoundBinaryOperator.Greater,
        BoundBinaryOperator.Greater => BoundBinaryOperator.LessOrEqual,
        _ => BoundBinaryOperator.Less,
    };

    /// <summary>Folds constants out of AND/OR and orders AND children cheapest and most selective first.</summary>
    private FilterNode Simplify(FilterNode node)
    {
        switch (node)
        {
            case AndFilter conjunction:
                {
                    var children = new List<FilterNode>();
                    foreach (var child in conjunction.Children.Select(Simplify))
                    {
                        if (child is ConstantFilter { Passes: false })
                            return child;
                        if (child is AndFilter nested)
                            children.AddRange(nested.Children);
                        else if (child is not ConstantFilter)
                            children.Add(child);
                    }
                    if (children.Count == 0)
                        return new ConstantFilter(true);
                    if (children.Count == 1)
                        return children[0];
                    children.Sort((left, right) => left.CostRank != right.CostRank ? left.CostRank.CompareTo(right.CostRank) : left.Selectivity.CompareTo(right.Selectivity));
                    double selectivity = children.Aggregate(1.0, (product, child) => product * child.Selectivity);
                    return new AndFilter(children) { Selectivity = selectivity };
                }
            case OrFilter disjunction:
                {
                    var children = new List<FilterNode>();
                    foreach (var child in disjunction.Children.Select(Simplify))
                    {
                        if (child is ConstantFilter { Passes: true })
                            return child;
                        if (child is OrFilter nested)
                            children.AddRange(nested.Children);
                        else if (child is not ConstantFilter)
                            children.Add(child);
                    }
                    if (children.Count == 0)
                        return new ConstantFilter(false);
                    if (children.Count == 1)
                        return children[0];
                    double selectivity = Math.Min(1, children.Sum(child => child.Selectivity));
                    // An OR of bitmap leaves is one bitmap leaf: a union, usable in a multi-way AND.
                    if (children.All(child => child is BitmapFilter))
                    {
                        var leaves = children.Cast<BitmapFilter>().ToList();
                        var union = new BitmapFilter(string.Join(" OR ", leaves.Select(leaf => leaf.Description)), [.. leaves.Select(leaf => leaf.Set)], intersect: false);
                        union.Selectivity = union.Set.Cardinality / _liveRows;
                        return union;
                    }
                    return new OrFilter(children) { Selectivity = selectivity };
                }
            default:
                return node;
        }
    }
}
