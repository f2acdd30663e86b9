using System.Globalization;
using PortraitDb.Query.Execution;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Binding;

/// <summary>The table a statement reads: its name, alias and the version being read.</summary>
internal sealed record BindingScope(string TableName, string? Alias, TableData Data)
{
    public TableSchema Schema => Data.Schema;
}

/// <summary>Collects the aggregates of a SELECT (each distinct call once) while its items are bound.</summary>
internal sealed class AggregateCollector
{
    private readonly List<BoundAggregate> _aggregates = [];

    public IReadOnlyList<BoundAggregate> Aggregates => _aggregates;

    public BoundAggregateReference Add(BoundAggregate aggregate)
    {
        int index = _aggregates.FindIndex(existing => existing.ToString() == aggregate.ToString() && existing.Function == aggregate.Function);
        if (index < 0)
        {
            index = _aggregates.Count;
            _aggregates.Add(aggregate);
        }
        return new BoundAggregateReference(index, _aggregates[index]);
    }
}

/// <summary>
/// Binds expression syntax: resolves columns (with suggestions for misspellings), parameters and literals, checks
/// and coerces types (a string compared with a DATE column is read as a date), folds DATE ± INTERVAL, and turns
/// aggregate calls into references collected for the grouping step.
/// </summary>
internal sealed partial class ExpressionBinder(string text, QueryParameters? parameters, DateOnly today)
{
    /// <summary>Resolves <c>IN AUDIENCE name</c>; null where no database is at hand (then IN AUDIENCE is an error).</summary>
    public Portrait.AudienceResolver? Audiences { get; init; }

    /// <summary>SELECT aliases visible while HAVING and ORDER BY are bound: a name that is not a column may name an output.</summary>
    public IReadOnlyDictionary<string, BoundExpression>? Aliases { get; set; }

    /// <summary>The date TODAY() gives in this statement.</summary>
    public DateOnly Today => today;

    /// <summary>Runs an uncorrelated subquery (IN (SELECT ...)) once, at bind time; null where subqueries cannot be used.</summary>
    public Func<SelectSyntax, QueryResult>? Subqueries { get; set; }

    /// <summary>True once TODAY() or CURRENT_DATE has been bound: the expression's value depends on the day it runs.</summary>
    public bool ReadsToday { get; private set; }

    /// <summary>True once a subquery has been bound: the expression reads tables besides its own.</summary>
    public bool ReadsSubquery { get; private set; }

    /// <summary>True once a parameter ($name or ?) has been bound.</summary>
    public bool ReadsParameter { get; private set; }

    /// <summary>Notes that a subquery bound by another binder for this one read TODAY().</summary>
    public void NoteReadsToday() => ReadsToday = true;

    public QueryException Error(PortraitDbErrorKind kind, string detail, TextSpan span) => new(kind, detail, text, span.Start, Math.Max(1, span.Length));

    public string TextOf(TextSpan span) => text.Substring(span.Start, Math.Min(span.Length, text.Length - span.Start));

    public BoundExpression Bind(ExpressionSyntax syntax, BindingScope? scope, AggregateCollector? aggregates, bool insideAggregate = false)
    {
        switch (syntax)
        {
            case LiteralSyntax literal:
                return new BoundLiteral(LiteralValue(literal));
            case TypedLiteralSyntax typed:
                return new BoundLiteral(TypedValue(typed));
            case ParameterSyntax parameter:
                return new BoundLiteral(ParameterValue(parameter));
            case ColumnSyntax column:
                return BindColumn(column, scope);
            case StarSyntax star:
                throw Error(PortraitDbErrorKind.Syntax, "'*' is only allowed in SELECT * and COUNT(*)", star.Span);
            case UnarySyntax unary:
                {
                    var operand = Bind(unary.Operand, scope, aggregates, insideAggregate);
                    switch (unary.Operator)
                    {
                        case UnaryOperator.Not:
                            RequireBool(operand, unary.Operand.Span);
                            return Fold(new BoundUnary(BoundUnaryOperator.Not, operand, ValueKind.Bool, 0));
                        case UnaryOperator.Negate:
                            RequireNumeric(operand, unary.Operand.Span);
                            return Fold(new BoundUnary(BoundUnaryOperator.Negate, operand, operand.Kind, operand.Scale));
                        default:
                            RequireNumeric(operand, unary.Operand.Span);
                            return operand;
                    }
                }
            case BinarySyntax binary:
                return BindBinary(binary, scope, aggregates, insideAggregate);
            case BetweenSyntax between:
                {
                    var operand = Bind(between.Operand, scope, aggregates, insideAggregate);
                    var low = Coerce(Bind(between.Low, scope, aggregates, insideAggregate), operand, between.Low.Span);
                    var high = Coerce(Bind(between.High, scope, aggregates, insideAggregate), operand, between.High.Span);
                    RequireComparable(operand, low, between.Span);
                    RequireComparable(operand, high, between.Span);
                    BoundExpression result = new BoundBetween(operand, low, high);
                    return Fold(between.Negated ? new BoundUnary(BoundUnaryOperator.Not, result, ValueKind.Bool, 0) : result);
                }
            case InListSyntax inList:
                {
                    var operand = Bind(inList.Operand, scope, aggregates, insideAggregate);
                    var items = new List<BoundExpression>();
                    foreach (var item in inList.Items)
                    {
                        var bound = Coerce(Bind(item, scope, aggregates, insideAggregate), operand, item.Span);
                        RequireComparable(operand, bound, item.Span);
                        items.Add(bound);
                    }
                    BoundExpression result = new BoundInList(operand, items);
                    return Fold(inList.Negated ? new BoundUnary(BoundUnaryOperator.Not, result, ValueKind.Bool, 0) : result);
                }
            case InSubquerySyntax subquery:
                {
                    BoundExpression result = BindInSubquery(subquery, Bind(subquery.Operand, scope, aggregates, insideAggregate));
                    return Fold(subquery.Negated ? new BoundUnary(BoundUnaryOperator.Not, result, ValueKind.Bool, 0) : result);
                }
            case IsNullSyntax isNull:
                {
                    BoundExpression result = new BoundIsNull(Bind(isNull.Operand, scope, aggregates, insideAggregate));
                    return Fold(isNull.Negated ? new BoundUnary(BoundUnaryOperator.Not, result, ValueKind.Bool, 0) : result);
                }
            case LikeSyntax like:
                {
                    var operand = Bind(like.Operand, scope, aggregates, insideAggregate);
                    if (operand.Kind is not (ValueKind.Text or ValueKind.Null))
                        throw Error(PortraitDbErrorKind.Type, $"LIKE needs text, not {TypeName(operand.Kind)}", like.Operand.Span);
                    var pattern = ConstantText(like.Pattern, "LIKE pattern");
                    if (like.Escape is not null)
                        throw Error(PortraitDbErrorKind.NotSupported, "LIKE ... ESCAPE is not supported", like.Escape.Span);
                    BoundExpression result = new BoundLike(operand, pattern, like.CaseInsensitive);
                    return Fold(like.Negated ? new BoundUnary(BoundUnaryOperator.Not, result, ValueKind.Bool, 0) : result);
                }
            case HasSyntax has:
                {
                    var operand = Bind(has.Operand, scope, aggregates, insideAggregate);
                    if (operand.Kind != ValueKind.Tags)
                        throw Error(PortraitDbErrorKind.Type, $"HAS needs a TAGS column, not {TypeName(operand.Kind)}", has.Operand.Span);
                    var tags = has.Values.Select(value => ConstantText(value, "tag")).ToList();
                    var mode = has.Mode switch
                    {
                        Syntax.HasMode.Any => HasMode.Any,
                        Syntax.HasMode.All => HasMode.All,
                        _ => HasMode.One,
                    };
                    BoundExpression result = new BoundHas(operand, mode, tags);
                    return has.Negated ? new BoundUnary(BoundUnaryOperator.Not, result, ValueKind.Bool, 0) : result;
                }
            case CaseSyntax caseSyntax:
                return BindCase(caseSyntax, scope, aggregates, insideAggregate);
            case CastSyntax cast:
                {
                    var operand = Bind(cast.Operand, scope, aggregates, insideAggregate);
                    var type = cast.Type.Type;
                    var kind = BoundColumn.KindOf(type);
                    return Fold(new BoundCast(operand, kind, type.Kind == ColumnKind.Decimal ? type.Scale : 0), cast.Span);
                }
            case FunctionCallSyntax call:
                return BindFunction(call, scope, aggregates, insideAggregate);
            case IntervalSyntax interval:
                throw Error(PortraitDbErrorKind.Type, "an INTERVAL can only be added to or subtracted from a DATE or TIMESTAMP", interval.Span);
            case InAudienceSyntax audience:
                if (Audiences is null)
                    throw Error(PortraitDbErrorKind.NotSupported, "IN AUDIENCE needs a database to look the audience up in", audience.Span);
                if (scope is null)
                    throw Error(PortraitDbErrorKind.Binding, $"IN AUDIENCE {audience.Audience} needs a table: the statement reads none", audience.Span);
                return Audiences.Bind(audience, scope, this);
            default:
                throw Error(PortraitDbErrorKind.NotSupported, $"{syntax.GetType().Name} is not supported here", syntax.Span);
        }
    }

    /// <summary>Runs the subquery once and keeps its distinct values, in the operand's kind, for hash lookups.</summary>
    private BoundInSet BindInSubquery(InSubquerySyntax syntax, BoundExpression operand)
    {
        var run = Subqueries ?? throw Error(PortraitDbErrorKind.NotSupported, "a subquery cannot be used here", syntax.Query.Span);
        var result = run(syntax.Query);
        ReadsSubquery = true;
        if (result.Columns.Count != 1)
            throw Error(PortraitDbErrorKind.Binding, $"the subquery of IN gives {result.Columns.Count} columns; it must give exactly one", syntax.Query.Span);
        var kind = BoundColumn.KindOf(result.Columns[0].Type);
        if (operand.Kind == ValueKind.Tags || kind == ValueKind.Tags)
            throw Error(PortraitDbErrorKind.Type, "IN cannot compare TAGS; use HAS ANY", syntax.Span);
        var values = new HashSet<Value>();
        bool hasNull = false;
        foreach (var row in result.Rows)
        {
            var value = Value.FromObject(row[0]);
            if (value.IsNull)
            {
                hasNull = true;
                continue;
            }
            if (operand.Kind != ValueKind.Null)
            {
                RequireComparable(operand, new BoundLiteral(value), syntax.Query.Span);
                // Dates and timestamps compare across kinds but hash by kind: keep the operand's kind.
                if (operand.Kind == ValueKind.Timestamp && value.Kind == ValueKind.Date)
                    value = Value.FromTimestamp(value.Integer * Value.MicrosecondsPerDay);
                else if (operand.Kind == ValueKind.Date && value.Kind == ValueKind.Timestamp)
                {
                    if (value.Integer % Value.MicrosecondsPerDay != 0)
                        continue;
                    value = Value.FromDate((int)(value.Integer / Value.MicrosecondsPerDay));
                }
            }
            values.Add(value);
        }
        return new BoundInSet(operand, values, hasNull, syntax.Query.ToString());
    }

    private BoundExpression BindColumn(ColumnSyntax column, BindingScope? scope)
    {
        // CURRENT_DATE is written without parentheses, like a column; a real column of that name wins.
        if (column.TableName is null && string.Equals(column.ColumnName, "CURRENT_DATE", StringComparison.OrdinalIgnoreCase)
            && (scope is null || scope.Schema.IndexOf(column.ColumnName) < 0))
        {
            ReadsToday = true;
            return new BoundLiteral(Value.FromDate(ValueConversion.DaysFromDate(today)));
        }
        if (scope is null)
            throw Error(PortraitDbErrorKind.Binding, $"unknown column '{column.ColumnName}': the statement reads no table", column.Span);
        if (column.TableName is { } qualifier
            && !string.Equals(qualifier, scope.TableName, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(qualifier, scope.Alias, StringComparison.OrdinalIgnoreCase))
        {
            throw Error(PortraitDbErrorKind.Binding, $"unknown table '{qualifier}'{Suggest(qualifier, [scope.TableName, .. scope.Alias is null ? [] : new[] { scope.Alias }])}", column.Table!.Span);
        }
        int ordinal = scope.Schema.IndexOf(column.ColumnName);
        if (ordinal < 0 && column.TableName is null && Aliases is not null && Aliases.TryGetValue(column.ColumnName, out var aliased))
            return aliased;
        if (ordinal < 0)
        {
            throw Error(PortraitDbErrorKind.Binding,
                $"unknown column '{column.ColumnName}' in table '{scope.TableName}'{Suggest(column.ColumnName, scope.Schema.Columns.Select(definition => definition.Name))}", column.Name.Span);
        }
        return new BoundColumn(ordinal, scope.Schema.Columns[ordinal]);
    }

    /// <summary>"; did you mean 'x'?" for the closest candidate, or nothing.</summary>
    public static string Suggest(string name, IEnumerable<string> candidates) =>
        Suggestions.Closest(name, candidates) is { } closest ? $"; did you mean '{closest}'?" : "";

    private static Value LiteralValue(LiteralSyntax literal) => literal.Kind switch
    {
        LiteralKind.Null => Value.Null,
        LiteralKind.Boolean => Value.FromBool(literal.BooleanValue),
        LiteralKind.Integer => Value.FromInteger(literal.IntegerValue),
        LiteralKind.Number => literal.DecimalValue is { } exact ? Value.FromSystemDecimal(exact) : Value.FromReal(literal.DoubleValue),
        _ => Value.FromText(literal.StringValue!),
    };

    private Value TypedValue(TypedLiteralSyntax typed)
    {
        try
        {
            return ExpressionEvaluator.Convert(Value.FromText(typed.Value), BoundColumn.KindOf(typed.Type), typed.Type.Kind == ColumnKind.Decimal ? typed.Type.Scale : 0);
        }
        catch (PortraitDbException error) when (error is not QueryException)
        {
            throw Error(PortraitDbErrorKind.Type, error.Message.TrimEnd('.'), typed.ValueSpan);
        }
    }

    private Value ParameterValue(ParameterSyntax parameter)
    {
        ReadsParameter = true;
        object? value = null;
        bool found = parameter.Name is { } name
            ? parameters?.TryGetNamed(name, out value) == true
            : parameters?.TryGetPositional(parameter.Position, out value) == true;
        if (!found)
            throw Error(PortraitDbErrorKind.Binding, $"no value was given for parameter {parameter.Describe()}", parameter.Span);
        try
        {
            return Value.FromObject(value);
        }
        catch (PortraitDbException error)
        {
            throw Error(PortraitDbErrorKind.Type, error.Message.TrimEnd('.'), parameter.Span);
        }
    }

    private string ConstantText(ExpressionSyntax syntax, string what)
    {
        var bound = Bind(syntax, null, null);
        if (bound is BoundLiteral { Value.Kind: ValueKind.Text } literal)
            return literal.Value.AsText;
        throw Error(PortraitDbErrorKind.Type, $"a {what} must be a constant string", syntax.Span);
    }

    private BoundExpression BindBinary(BinarySyntax binary, BindingScope? scope, AggregateCollector? aggregates, bool insideAggregate)
    {
        if (binary.Operator is BinaryOperator.Add or BinaryOperator.Subtract && (binary.Right is IntervalSyntax || binary.Left is IntervalSyntax && binary.Operator == BinaryOperator.Add))
            return BindInterval(binary, scope, aggregates, insideAggregate);
        var left = Bind(binary.Left, scope, aggregates, insideAggregate);
        var right = Bind(binary.Right, scope, aggregates, insideAggregate);
        var op = binary.Operator switch
        {
            BinaryOperator.Or => BoundBinaryOperator.Or,
            BinaryOperator.And => BoundBinaryOperator.And,
            BinaryOperator.Equal => BoundBinaryOperator.Equal,
            BinaryOperator.NotEqual => BoundBinaryOperator.NotEqual,
            BinaryOperator.Less => BoundBinaryOperator.Less,
            BinaryOperator.LessOrEqual => BoundBinaryOperator.LessOrEqual,
            BinaryOperator.Greater => BoundBinaryOperator.Greater,
            BinaryOperator.GreaterOrEqual => BoundBinaryOperator.GreaterOrEqual,
            BinaryOperator.Add => BoundBinaryOperator.Add,
            BinaryOperator.Subtract => BoundBinaryOperator.Subtract,
            BinaryOperator.Multiply => BoundBinaryOperator.Multiply,
            BinaryOperator.Divide => BoundBinaryOperator.Divide,
            BinaryOperator.Modulo => BoundBinaryOperator.Modulo,
            _ => BoundBinaryOperator.Concat,
        };
        switch (op)
        {
            case BoundBinaryOperator.And or BoundBinaryOperator.Or:
                RequireBool(left, binary.Left.Span);
                RequireBool(right, binary.Right.Span);
                return Fold(new BoundBinary(op, left, right, ValueKind.Bool, 0));
            case BoundBinaryOperator.Concat:
                return Fold(new BoundBinary(op, left, right, ValueKind.Text, 0));
            case >= BoundBinaryOperator.Equal and <= BoundBinaryOperator.GreaterOrEqual:
                left = Coerce(left, right, binary.Left.Span);
                right = Coerce(right, left, binary.Right.Span);
                RequireComparable(left, right, binary.OperatorSpan);
                return Fold(new BoundBinary(op, left, right, ValueKind.Bool, 0));
        }
        if (left.Kind is ValueKind.Date or ValueKind.Timestamp || right.Kind is ValueKind.Date or ValueKind.Timestamp)
        {
            var date = left.Kind is ValueKind.Date or ValueKind.Timestamp ? left : right;
            var other = ReferenceEquals(date, left) ? right : left;
            if (op == BoundBinaryOperator.Subtract && left.Kind == ValueKind.Date && right.Kind == ValueKind.Date)
                return Fold(new BoundBinary(op, left, right, ValueKind.Integer, 0));
            if (op is BoundBinaryOperator.Add or BoundBinaryOperator.Subtract && other.Kind is ValueKind.Integer or ValueKind.Null && (op == BoundBinaryOperator.Add || ReferenceEquals(date, left)))
                return Fold(new BoundBinary(op, left, right, date.Kind, 0));
            throw Error(PortraitDbErrorKind.Type, $"cannot apply '{BoundBinary.Symbol(op)}' to {TypeName(left.Kind)} and {TypeName(right.Kind)}", binary.OperatorSpan);
        }
        left = Coerce(left, right, binary.Left.Span);
        right = Coerce(right, left, binary.Right.Span);
        RequireNumeric(left, binary.Left.Span);
        RequireNumeric(right, binary.Right.Span);
        var (kind, scale) = ArithmeticType(op, left, right);
        return Fold(new BoundBinary(op, left, right, kind, scale));
    }

    private static (ValueKind Kind, int Scale) ArithmeticType(BoundBinaryOperator op, BoundExpression left, BoundExpression right)
    {
        if (op == BoundBinaryOperator.Divide || left.Kind == ValueKind.Real || right.Kind == ValueKind.Real)
            return (ValueKind.Real, 0);
        if (left.Kind != ValueKind.Decimal && right.Kind != ValueKind.Decimal)
            return (ValueKind.Integer, 0);
        int scale = op == BoundBinaryOperator.Multiply ? left.Scale + right.Scale : Math.Max(left.Scale, right.Scale);
        return scale > ColumnType.MaxDecimalPrecision / 2 ? (ValueKind.Real, 0) : (ValueKind.Decimal, scale);
    }

    private BoundExpression BindInterval(BinarySyntax binary, BindingScope? scope, AggregateCollector? aggregates, bool insideAggregate)
    {
        var (dateSyntax, interval) = binary.Right is IntervalSyntax right ? (binary.Left, right) : (binary.Right, (IntervalSyntax)binary.Left);
        var date = Bind(dateSyntax, scope, aggregates, insideAggregate);
        if (date.Kind is not (ValueKind.Date or ValueKind.Timestamp or ValueKind.Null))
            throw Error(PortraitDbErrorKind.Type, $"an INTERVAL can only be added to a DATE or TIMESTAMP, not {TypeName(date.Kind)}", dateSyntax.Span);
        var quantity = Bind(interval.Quantity, scope, aggregates, insideAggregate);
        if (quantity is BoundLiteral { Value.Kind: ValueKind.Text } textQuantity)
        {
            quantity = long.TryParse(textQuantity.Value.AsText.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed)
                ? new BoundLiteral(Value.FromInteger(parsed))
                : throw Error(PortraitDbErrorKind.Type, $"'{textQuantity.Value.AsText}' is not a whole number of {interval.Unit.ToString().ToLowerInvariant()}s", interval.Quantity.Span);
        }
        if (quantity.Kind is not (ValueKind.Integer or ValueKind.Null))
            throw Error(PortraitDbErrorKind.Type, "an INTERVAL needs a whole number", interval.Quantity.Span);
        int sign = binary.Operator == BinaryOperator.Subtract ? -1 : 1;
        var unit = interval.Unit;
        bool subDay = unit is IntervalUnit.Hour or IntervalUnit.Minute or IntervalUnit.Second;
        var kind = date.Kind == ValueKind.Timestamp || subDay ? ValueKind.Timestamp : ValueKind.Date;
        var function = new BoundFunction($"{(sign < 0 ? "-" : "+")} INTERVAL {unit}", [date, quantity], kind, 0, arguments => AddInterval(arguments[0], arguments[1], unit, sign, kind));
        return Fold(function);
    }

    private static Value AddInterval(Value date, Value quantity, IntervalUnit unit, int sign, ValueKind kind)
    {
        if (date.IsNull || quantity.IsNull)
            return Value.Null;
        long amount = checked(quantity.Integer * sign);
        long microseconds = date.Kind == ValueKind.Date ? date.Integer * Value.MicrosecondsPerDay : date.Integer;
        var timestamp = ValueConversion.TimestampFromMicroseconds(microseconds);
        try
        {
            timestamp = unit switch
            {
                IntervalUnit.Second => timestamp.AddSeconds(amount),
                IntervalUnit.Minute => timestamp.AddMinutes(amount),
                IntervalUnit.Hour => timestamp.AddHours(amount),
                IntervalUnit.Day => timestamp.AddDays(amount),
                IntervalUnit.Week => timestamp.AddDays(amount * 7),
                IntervalUnit.Month => timestamp.AddMonths(checked((int)amount)),
                _ => timestamp.AddYears(checked((int)amount)),
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Type, "The date is out of range after adding the interval.");
        }
        long result = ValueConversion.MicrosecondsFromTimestamp(timestamp);
        return kind == ValueKind.Date ? Value.FromDate((int)(result / Value.MicrosecondsPerDay)) : Value.FromTimestamp(result);
    }

    private BoundExpression BindCase(CaseSyntax caseSyntax, BindingScope? scope, AggregateCollector? aggregates, bool insideAggregate)
    {
        var operand = caseSyntax.Operand is null ? null : Bind(caseSyntax.Operand, scope, aggregates, insideAggregate);
        var branches = new List<(BoundExpression When, BoundExpression Then)>();
        foreach (var when in caseSyntax.Whens)
        {
            var condition = Bind(when.When, scope, aggregates, insideAggregate);
            if (operand is not null)
            {
                condition = Coerce(condition, operand, when.When.Span);
                RequireComparable(operand, condition, when.When.Span);
                condition = new BoundBinary(BoundBinaryOperator.Equal, operand, condition, ValueKind.Bool, 0);
            }
            else
            {
                RequireBool(condition, when.When.Span);
            }
            branches.Add((condition, Bind(when.Then, scope, aggregates, insideAggregate)));
        }
        var otherwise = caseSyntax.Else is null ? null : Bind(caseSyntax.Else, scope, aggregates, insideAggregate);
        var results = branches.Select(branch => branch.Then).Concat(otherwise is null ? [] : [otherwise]).ToList();
        var (kind, scale) = CommonType(results, caseSyntax.Span);
        return Fold(new BoundCase(branches, otherwise, kind, scale));
    }

    /// <summary>The type that values of several kinds share (numbers widen: integer → decimal → real).</summary>
    public (ValueKind Kind, int Scale) CommonType(IReadOnlyList<BoundExpression> expressions, TextSpan span)
    {
        var kinds = expressions.Where(expression => expression.Kind != ValueKind.Null).ToList();
        if (kinds.Count == 0)
            return (ValueKind.Null, 0);
        if (kinds.All(expression => expression.Kind == kinds[0].Kind) && kinds[0].Kind != ValueKind.Decimal)
            return (kinds[0].Kind, 0);
        if (kinds.All(expression => IsNumericKind(expression.Kind)))
        {
            if (kinds.Any(expression => expression.Kind == ValueKind.Real))
                return (ValueKind.Real, 0);
            return kinds.Any(expression => expression.Kind == ValueKind.Decimal) ? (ValueKind.Decimal, kinds.Max(expression => expression.Scale)) : (ValueKind.Integer, 0);
        }
        if (kinds.All(expression => expression.Kind is ValueKind.Date or ValueKind.Timestamp))
            return (ValueKind.Timestamp, 0);
        throw Error(PortraitDbErrorKind.Type, $"the values mix {string.Join(" and ", kinds.Select(expression => TypeName(expression.Kind)).Distinct())}", span);
    }

    /// <summary>A string literal compared with a date or number is read as one (as DuckDB casts it).</summary>
    private BoundExpression Coerce(BoundExpression expression, BoundExpression other, TextSpan span)
    {
        if (expression is not BoundLiteral { Value.Kind: ValueKind.Text } literal || other.Kind is ValueKind.Text or ValueKind.Null or ValueKind.Tags)
            return expression;
        var target = other.Kind is ValueKind.Integer ? ValueKind.Real : other.Kind;
        try
        {
            var converted = ExpressionEvaluator.Convert(literal.Value, target, other.Scale);
            if (target == ValueKind.Real && converted.Real == Math.Floor(converted.Real) && Math.Abs(converted.Real) < 1e15)
                converted = Value.FromInteger((long)converted.Real);
            return new BoundLiteral(converted);
        }
        catch (PortraitDbException error)
        {
            throw Error(PortraitDbErrorKind.Type, $"{error.Message.TrimEnd('.')} (compared with {TypeName(other.Kind)})", span);
        }
    }

    private void RequireBool(BoundExpression expression, TextSpan span)
    {
        if (expression.Kind is not (ValueKind.Bool or ValueKind.Null))
            throw Error(PortraitDbErrorKind.Type, $"expected a condition (BOOL), found {TypeName(expression.Kind)}", span);
    }

    private void RequireNumeric(BoundExpression expression, TextSpan span)
    {
        if (!IsNumericKind(expression.Kind) && expression.Kind != ValueKind.Null)
            throw Error(PortraitDbErrorKind.Type, $"expected a number, found {TypeName(expression.Kind)}", span);
    }

    private void RequireComparable(BoundExpression left, BoundExpression right, TextSpan span)
    {
        if (left.Kind == ValueKind.Null || right.Kind == ValueKind.Null || left.Kind == right.Kind && left.Kind != ValueKind.Tags)
            return;
        if (IsNumericKind(left.Kind) && IsNumericKind(right.Kind))
            return;
        if (left.Kind is ValueKind.Date or ValueKind.Timestamp && right.Kind is ValueKind.Date or ValueKind.Timestamp)
            return;
        throw Error(PortraitDbErrorKind.Type, $"cannot compare {TypeName(left.Kind)} with {TypeName(right.Kind)}", span);
    }

    public static bool IsNumericKind(ValueKind kind) => kind is ValueKind.Integer or ValueKind.Real or ValueKind.Decimal;

    public static string TypeName(ValueKind kind) => kind switch
    {
        ValueKind.Integer => "INTEGER",
        ValueKind.Real => "DOUBLE",
        ValueKind.Decimal => "DECIMAL",
        ValueKind.Text => "TEXT",
        ValueKind.Bool => "BOOL",
        ValueKind.Date => "DATE",
        ValueKind.Timestamp => "TIMESTAMP",
        ValueKind.Tags => "TAGS",
        _ => "NULL",
    };

    /// <summary>Evaluates an expression without columns once, at bind time.</summary>
    private BoundExpression Fold(BoundExpression expression, TextSpan? span = null)
    {
        if (!Planning.FilterPlanner.IsConstant(expression) || expression is BoundLiteral)
            return expression;
        var context = default(EvaluationContext);
        try
        {
            var value = ExpressionEvaluator.Evaluate(expression, ref context);
            return value.IsNull && expression.Kind != ValueKind.Null ? expression : new BoundLiteral(value);
        }
        catch (Exception error) when (error is PortraitDbException or OverflowException or FormatException)
        {
            if (span is { } where)
                throw Error(PortraitDbErrorKind.Type, error.Message.TrimEnd('.'), where);
            return expression;
        }
    }
}
