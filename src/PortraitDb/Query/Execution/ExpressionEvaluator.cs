using PortraitDb.Query.Binding;
using PortraitDb.Storage;

namespace PortraitDb.Query.Execution;

/// <summary>Where an expression's inputs come from: a table row, and after aggregation a group's keys and aggregates.</summary>
internal struct EvaluationContext
{
    public RowReader? Reader;
    public uint Row;
    public Value[]? Groups;
    public Value[]? Aggregates;

    /// <summary>When set, reads of column <see cref="OverrideColumn"/> give <see cref="OverrideValue"/> (evaluating a predicate on a dictionary value).</summary>
    public bool HasOverride;
    public int OverrideColumn;
    public Value OverrideValue;
}

/// <summary>
/// The row-at-a-time interpreter, used where no bitmap or vector path applies (expressions, CASE, functions, the
/// final projection). SQL semantics: three-valued logic, NULL in arithmetic gives NULL, '/' divides as reals.
/// </summary>
internal static class ExpressionEvaluator
{
    public static Value Evaluate(BoundExpression expression, ref EvaluationContext context)
    {
        switch (expression)
        {
            case BoundLiteral literal:
                return literal.Value;
            case BoundColumn column:
                return context.HasOverride && column.Ordinal == context.OverrideColumn
                    ? context.OverrideValue
                    : context.Reader is { } reader
                        ? reader.Read(column.Ordinal, context.Row)
                        : throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Column '{column.Definition.Name}' cannot be used here.");
            case BoundGroupReference group:
                return context.Groups![group.Index];
            case BoundAggregateReference aggregate:
                return context.Aggregates![aggregate.Index];
            case BoundUnary unary:
                {
                    var operand = Evaluate(unary.Operand, ref context);
                    if (operand.IsNull)
                        return Value.Null;
                    return unary.Operator == BoundUnaryOperator.Not ? Value.FromBool(!operand.AsBool) : Negate(operand);
                }
            case BoundBinary binary:
                return EvaluateBinary(binary, ref context);
            case BoundBetween between:
                {
                    var operand = Evaluate(between.Operand, ref context);
                    var low = Evaluate(between.Low, ref context);
                    var high = Evaluate(between.High, ref context);
                    var aboveLow = operand.IsNull || low.IsNull ? Value.Null : Value.FromBool(Value.Compare(operand, low) >= 0);
                    var belowHigh = operand.IsNull || high.IsNull ? Value.Null : Value.FromBool(Value.Compare(operand, high) <= 0);
                    return And(aboveLow, belowHigh);
                }
            case BoundInList inList:
                {
                    var operand = Evaluate(inList.Operand, ref context);
                    if (operand.IsNull)
                        return Value.Null;
                    bool sawNull = false;
                    foreach (var item in inList.Items)
                    {
                        var candidate = Evaluate(item, ref context);
                        if (candidate.IsNull)
                            sawNull = true;
                        else if (Value.Compare(operand, candidate) == 0)
                            return Value.FromBool(true);
                    }
                    return sawNull ? Value.Null : Value.FromBool(false);
                }
            case BoundInSet inSet:
                return inSet.IsEmpty ? Value.FromBool(false) : inSet.Test(Evaluate(inSet.Operand, ref context));
            case BoundIsNull isNull:
                return Value.FromBool(Evaluate(isNull.Operand, ref context).IsNull);
            case BoundLike like:
                {
                    var operand = Evaluate(like.Operand, ref context);
                    return operand.IsNull ? Value.Null : Value.FromBool(like.Matcher.IsMatch(operand.AsText));
                }
            case BoundHas has:
                {
                    var operand = Evaluate(has.Operand, ref context);
                    if (operand.IsNull)
                        return Value.Null;
                    var tags = operand.AsTags;
                    return Value.FromBool(has.Mode == HasMode.All
                        ? has.Tags.All(tag => Array.BinarySearch(tags, tag, StringComparer.Ordinal) >= 0)
                        : has.Tags.Any(tag => Array.BinarySearch(tags, tag, StringComparer.Ordinal) >= 0));
                }
            case BoundInAudience inAudience:
                return context.Reader is not null
                    ? Value.FromBool(inAudience.Rows.Contains(context.Row))
                    : throw new PortraitDbException(PortraitDbErrorKind.Binding, $"{inAudience} cannot be used here.");
            case BoundBucket bucket:
                {
                    var operand = Evaluate(bucket.Operand, ref context);
                    return operand.IsNull ? Value.Null : Value.FromText(bucket.Labels[bucket.BucketOf(operand)]);
                }
            case BoundCase caseExpression:
                foreach (var (when, then) in caseExpression.Branches)
                {
                    var condition = Evaluate(when, ref context);
                    if (!condition.IsNull && condition.AsBool)
                        return Convert(Evaluate(then, ref context), caseExpression.Kind, caseExpression.Scale);
                }
                return caseExpression.Else is null ? Value.Null : Convert(Evaluate(caseExpression.Else, ref context), caseExpression.Kind, caseExpression.Scale);
            case BoundCast cast:
                return Convert(Evaluate(cast.Operand, ref context), cast.Kind, cast.Scale);
            case BoundFunction function:
                {
                    var arguments = new Value[function.Arguments.Count];
                    for (int index = 0; index < arguments.Length; index++)
                        arguments[index] = Evaluate(function.Arguments[index], ref context);
                    return function.Evaluate(arguments);
                }
            default:
                throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Cannot evaluate {expression.GetType().Name} here.");
        }
    }

    /// <summary>True only for a non-null true value: WHERE and HAVING keep such rows.</summary>
    public static bool IsTrue(BoundExpression expression, ref EvaluationContext context)
    {
        var value = Evaluate(expression, ref context);
        return !value.IsNull && value.AsBool;
    }

    private static Value EvaluateBinary(BoundBinary binary, ref EvaluationContext context)
    {
        if (binary.Operator == BoundBinaryOperator.And)
        {
            var left = Evaluate(binary.Left, ref context);
            if (!left.IsNull && !left.AsBool)
                return left;
            return And(left, Evaluate(binary.Right, ref context));
        }
        if (binary.Operator == BoundBinaryOperator.Or)
        {
            var left = Evaluate(binary.Left, ref context);
            if (!left.IsNull && left.AsBool)
                return left;
            var right = Evaluate(binary.Right, ref context);
            if (!right.IsNull && right.AsBool)
                return right;
            return left.IsNull || right.IsNull ? Value.Null : Value.FromBool(false);
        }
        var leftValue = Evaluate(binary.Left, ref context);
        var rightValue = Evaluate(binary.Right, ref context);
        if (leftValue.IsNull || rightValue.IsNull)
            return Value.Null;
        return Apply(binary.Operator, leftValue, rightValue, binary.Kind, binary.Scale);
    }

    private static Value And(Value left, Value right)
    {
        if (!left.IsNull && !left.AsBool || !right.IsNull && !right.AsBool)
            return Value.FromBool(false);
        return left.IsNull || right.IsNull ? Value.Null : Value.FromBool(true);
    }

    /// <summary>A binary operator on two non-null values, giving a value of <paramref name="kind"/>.</summary>
    public static Value Apply(BoundBinaryOperator op, Value left, Value right, ValueKind kind, int scale)
    {
        switch (op)
        {
            case BoundBinaryOperator.Equal:
                return Value.FromBool(Value.Compare(left, right) == 0);
            case BoundBinaryOperator.NotEqual:
                return Value.FromBool(Value.Compare(left, right) != 0);
            case BoundBinaryOperator.Less:
                return Value.FromBool(Value.Compare(left, right) < 0);
            case BoundBinaryOperator.LessOrEqual:
                return Value.FromBool(Value.Compare(left, right) <= 0);
            case BoundBinaryOperator.Greater:
                return Value.FromBool(Value.Compare(left, right) > 0);
            case BoundBinaryOperator.GreaterOrEqual:
                return Value.FromBool(Value.Compare(left, right) >= 0);
            case BoundBinaryOperator.Concat:
                return Value.FromText(left.ToString() + right.ToString());
        }
        if (kind is ValueKind.Date or ValueKind.Timestamp)
            return DateArithmetic(op, left, right, kind);
        if (kind == ValueKind.Integer && op == BoundBinaryOperator.Modulo && right.Integer == 0)
            return Value.Null;
        switch (kind)
        {
            case ValueKind.Integer:
                return Value.FromInteger(op switch
                {
                    BoundBinaryOperator.Add => checked(left.Integer + right.Integer),
                    BoundBinaryOperator.Subtract => checked(left.Integer - right.Integer),
                    BoundBinaryOperator.Multiply => checked(left.Integer * right.Integer),
                    _ => left.Integer % right.Integer,
                });
            case ValueKind.Decimal:
                {
                    decimal result = op switch
                    {
                        BoundBinaryOperator.Add => left.AsDecimal + right.AsDecimal,
                        BoundBinaryOperator.Subtract => left.AsDecimal - right.AsDecimal,
                        BoundBinaryOperator.Multiply => left.AsDecimal * right.AsDecimal,
                        _ => right.AsDecimal == 0 ? 0 : left.AsDecimal % right.AsDecimal,
                    };
                    if (op == BoundBinaryOperator.Modulo && right.AsDecimal == 0)
                        return Value.Null;
                    return Convert(Value.FromSystemDecimal(result), ValueKind.Decimal, scale);
                }
            default:
                {
                    double a = left.AsDouble;
                    double b = right.AsDouble;
                    if (op is BoundBinaryOperator.Divide or BoundBinaryOperator.Modulo && b == 0)
                        return Value.Null;
                    return Value.FromReal(op switch
                    {
                        BoundBinaryOperator.Add => a + b,
                        BoundBinaryOperator.Subtract => a - b,
                        BoundBinaryOperator.Multiply => a * b,
                        BoundBinaryOperator.Divide => a / b,
                        _ => a % b,
                    });
                }
        }
    }

    // Dates plus or minus a number of days (INTERVAL n DAY binds to days), and date minus date in days.
    private static Value DateArithmetic(BoundBinaryOperator op, Value left, Value right, ValueKind kind)
    {
        if (left.Kind == ValueKind.Date && right.Kind == ValueKind.Date)
            return Value.FromInteger(left.Integer - right.Integer);
        var (date, amount) = left.Kind is ValueKind.Date or ValueKind.Timestamp ? (left, right) : (right, left);
        long delta = op == BoundBinaryOperator.Subtract ? -amount.Integer : amount.Integer;
        return kind == ValueKind.Date
            ? Value.FromDate(checked((int)(date.Integer + delta)))
            : Value.FromTimestamp(date.Kind == ValueKind.Date ? (date.Integer * Value.MicrosecondsPerDay) + delta : date.Integer + delta);
    }

    private static Value Negate(Value value) => value.Kind switch
    {
        ValueKind.Integer => Value.FromInteger(checked(-value.Integer)),
        ValueKind.Decimal => Value.FromDecimal(-value.Integer, value.Scale),
        _ => Value.FromReal(-value.Real),
    };

    /// <summary>Converts a value to <paramref name="kind"/> (numbers across kinds, text to and from anything); NULL stays NULL.</summary>
    public static Value Convert(Value value, ValueKind kind, int scale)
    {
        if (value.IsNull || value.Kind == kind && (kind != ValueKind.Decimal || value.Scale == scale))
            return value;
        switch (kind)
        {
            case ValueKind.Real:
                return value.Kind == ValueKind.Text ? Value.FromReal(ParseNumber(value.AsText)) : Value.FromReal(value.AsDouble);
            case ValueKind.Integer:
                return value.Kind switch
                {
                    ValueKind.Text => Value.FromInteger(checked((long)Math.Round(ParseNumber(value.AsText), MidpointRounding.AwayFromZero))),
                    ValueKind.Bool => Value.FromInteger(value.Integer),
                    ValueKind.Real => Value.FromInteger(checked((long)Math.Round(value.Real, MidpointRounding.AwayFromZero))),
                    ValueKind.Decimal => Value.FromInteger((long)Math.Round(value.AsDecimal, MidpointRounding.AwayFromZero)),
                    _ => Value.FromInteger(value.Integer),
                };
            case ValueKind.Decimal:
                {
                    decimal exact = value.Kind == ValueKind.Text ? decimal.Parse(value.AsText, System.Globalization.CultureInfo.InvariantCulture) : value.AsDecimal;
                    decimal rounded = Math.Round(exact, scale, MidpointRounding.AwayFromZero);
                    decimal scaled = rounded * ValueConversion.PowerOfTen(scale);
                    // Too wide for 18 digits (a BIGINT beside a DECIMAL): keep the number as a real rather than fail the row;
                    // storing it in a DECIMAL column still reports that it does not fit.
                    if (Math.Abs(scaled) >= ValueConversion.PowerOfTen(ColumnType.MaxDecimalPrecision))
                        return Value.FromReal((double)exact);
                    return Value.FromDecimal((long)scaled, scale);
                }
            case ValueKind.Text:
                return Value.FromText(value.ToString());
            case ValueKind.Bool:
                return value.Kind == ValueKind.Text
                    ? value.AsText.Trim().ToUpperInvariant() switch
                    {
                        "TRUE" or "T" or "YES" or "Y" or "1" => Value.FromBool(true),
                        "FALSE" or "F" or "NO" or "N" or "0" => Value.FromBool(false),
                        _ => throw new PortraitDbException(PortraitDbErrorKind.Type, $"'{value.AsText}' is not a BOOL."),
                    }
                    : Value.FromBool(value.AsDouble != 0);
            case ValueKind.Date:
                return value.Kind switch
                {
                    ValueKind.Text => Value.FromDate(ParseDate(value.AsText)),
                    ValueKind.Timestamp => Value.FromDate((int)Math.Floor(value.Integer / (double)Value.MicrosecondsPerDay)),
                    _ => throw CannotConvert(value, kind),
                };
            case ValueKind.Timestamp:
                return value.Kind switch
                {
                    ValueKind.Text => Value.FromTimestamp(ParseTimestamp(value.AsText)),
                    ValueKind.Date => Value.FromTimestamp(value.Integer * Value.MicrosecondsPerDay),
                    _ => throw CannotConvert(value, kind),
                };
            default:
                throw CannotConvert(value, kind);
        }
    }

    public static int ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? ValueConversion.DaysFromDate(date)
            : throw new PortraitDbException(PortraitDbErrorKind.Type, $"'{text}' is not a DATE (expected YYYY-MM-DD).");

    public static long ParseTimestamp(string text) =>
        DateTime.TryParse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var timestamp)
            ? ValueConversion.MicrosecondsFromTimestamp(timestamp)
            : throw new PortraitDbException(PortraitDbErrorKind.Type, $"'{text}' is not a TIMESTAMP (expected YYYY-MM-DD HH:MM:SS).");

    private static double ParseNumber(string text) =>
        double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number)
            ? number
            : throw new PortraitDbException(PortraitDbErrorKind.Type, $"'{text}' is not a number.");

    private static PortraitDbException CannotConvert(Value value, ValueKind kind) =>
        new(PortraitDbErrorKind.Type, $"Cannot convert {value} ({value.Kind}) to {kind}.");
}
