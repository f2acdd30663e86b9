using System.Globalization;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb.Query.Binding;

internal sealed partial class ExpressionBinder
{
    private static readonly string[] AggregateNames = ["COUNT", "SUM", "AVG", "MEAN", "MIN", "MAX", "MEDIAN", "QUANTILE_CONT", "QUANTILE", "QUANTILE_DISC"];

    private static readonly string[] ScalarNames =
        ["ROUND", "ABS", "CEIL", "CEILING", "FLOOR", "COALESCE", "NULLIF", "LOWER", "UPPER", "LENGTH", "CARDINALITY", "TODAY", "CURRENT_DATE",
         "DATE_TRUNC", "YEAR", "MONTH", "DAY", "GREATEST", "LEAST", "BUCKET", "SUBSTR", "SUBSTRING", "LEFT"];

    /// <summary>True when the call is an aggregate (COUNT, SUM, ...).</summary>
    public static bool IsAggregate(FunctionCallSyntax call) => AggregateNames.Contains(call.Name.ToUpperInvariant());

    private BoundExpression BindFunction(FunctionCallSyntax call, BindingScope? scope, AggregateCollector? aggregates, bool insideAggregate)
    {
        string name = call.Name.ToUpperInvariant();
        if (IsAggregate(call))
            return BindAggregate(call, name, scope, aggregates, insideAggregate);
        if (call.IsStar || call.Distinct)
            throw Error(PortraitDbErrorKind.Syntax, $"{name}() takes no '*' or DISTINCT", call.Span);
        if (name == "BUCKET")
            return BindBucket(call, scope, aggregates, insideAggregate);
        if (name == "DATE_TRUNC")
            return BindDateTrunc(call, scope, aggregates, insideAggregate);
        var arguments = call.Arguments.Select(argument => Bind(argument, scope, aggregates, insideAggregate)).ToList();
        switch (name)
        {
            case "TODAY" or "CURRENT_DATE":
                ArgumentCount(call, 0, 0);
                ReadsToday = true;
                return new BoundLiteral(Value.FromDate(ValueConversion.DaysFromDate(today)));
            case "SUBSTR" or "SUBSTRING" or "LEFT":
                {
                    bool left = name == "LEFT";
                    ArgumentCount(call, 2, left ? 2 : 3);
                    RequireText(arguments[0], call.Arguments[0].Span);
                    for (int index = 1; index < arguments.Count; index++)
                    {
                        if (arguments[index].Kind is not (ValueKind.Integer or ValueKind.Null))
                            throw Error(PortraitDbErrorKind.Type, $"{name} needs a whole number, not {TypeName(arguments[index].Kind)}", call.Arguments[index].Span);
                    }
                    return Fold(new BoundFunction(name, arguments, ValueKind.Text, 0, values => Substring(values, left)), call.Span);
                }
            case "ROUND":
                {
                    ArgumentCount(call, 1, 2);
                    RequireNumeric(arguments[0], call.Arguments[0].Span);
                    int digits = arguments.Count == 2 ? (int)ConstantInteger(arguments[1], call.Arguments[1].Span) : 0;
                    var input = arguments[0];
                    int scale = input.Kind == ValueKind.Decimal ? Math.Clamp(Math.Min(input.Scale, digits), 0, input.Scale) : 0;
                    return Fold(new BoundFunction("ROUND", arguments, input.Kind, scale, values => Round(values[0], digits, scale)));
                }
            case "ABS" or "CEIL" or "CEILING" or "FLOOR":
                {
                    ArgumentCount(call, 1, 1);
                    RequireNumeric(arguments[0], call.Arguments[0].Span);
                    var input = arguments[0];
                    int scale = input.Kind == ValueKind.Decimal && name != "ABS" ? 0 : input.Scale;
                    return Fold(new BoundFunction(name, arguments, input.Kind, scale, values => Unary(name, values[0], scale)));
                }
            case "COALESCE" or "GREATEST" or "LEAST":
                {
                    ArgumentCount(call, 1, int.MaxValue);
                    var (kind, scale) = CommonType(arguments, call.Span);
                    return Fold(new BoundFunction(name, arguments, kind, scale, values => Choose(name, values, kind, scale)));
                }
            case "NULLIF":
                ArgumentCount(call, 2, 2);
                RequireComparable(arguments[0], arguments[1], call.Span);
                return Fold(new BoundFunction(name, arguments, arguments[0].Kind, arguments[0].Scale,
                    values => values[0].IsNull || values[1].IsNull || Value.Compare(values[0], values[1]) != 0 ? values[0] : Value.Null));
            case "LOWER" or "UPPER":
                ArgumentCount(call, 1, 1);
                RequireText(arguments[0], call.Arguments[0].Span);
                return Fold(new BoundFunction(name, arguments, ValueKind.Text, 0,
                    values => values[0].IsNull ? Value.Null : Value.FromText(name == "LOWER" ? values[0].AsText.ToLowerInvariant() : values[0].AsText.ToUpperInvariant())));
            case "LENGTH" or "CARDINALITY":
                ArgumentCount(call, 1, 1);
                if (arguments[0].Kind is not (ValueKind.Text or ValueKind.Tags or ValueKind.Null))
                    throw Error(PortraitDbErrorKind.Type, $"{name} needs TEXT or TAGS, not {TypeName(arguments[0].Kind)}", call.Arguments[0].Span);
                return Fold(new BoundFunction(name, arguments, ValueKind.Integer, 0, values => values[0].Kind switch
                {
                    ValueKind.Null => Value.Null,
                    ValueKind.Tags => Value.FromInteger(values[0].AsTags.Length),
                    _ => Value.FromInteger(new StringInfo(values[0].AsText).LengthInTextElements),
                }));
            case "YEAR" or "MONTH" or "DAY":
                ArgumentCount(call, 1, 1);
                if (arguments[0].Kind is not (ValueKind.Date or ValueKind.Timestamp or ValueKind.Null))
                    throw Error(PortraitDbErrorKind.Type, $"{name} needs a DATE or TIMESTAMP, not {TypeName(arguments[0].Kind)}", call.Arguments[0].Span);
                return Fold(new BoundFunction(name, arguments, ValueKind.Integer, 0, values =>
                {
                    if (values[0].IsNull)
                        return Value.Null;
                    var date = DateOf(values[0]);
                    return Value.FromInteger(name switch { "YEAR" => date.Year, "MONTH" => date.Month, _ => date.Day });
                }));
            default:
                throw Error(PortraitDbErrorKind.Binding,
                    $"unknown function '{call.Name}'{Suggest(call.Name, AggregateNames.Concat(ScalarNames))}", call.NameSpan);
        }
    }

    /// <summary>
    /// SUBSTR(s, start[, length]) and LEFT(s, length) over characters (text elements), as DuckDB: positions count from
    /// 1, a negative start counts from the end, and the range is clipped to the string.
    /// </summary>
    private static Value Substring(Value[] values, bool left)
    {
        if (values.Any(value => value.IsNull))
            return Value.Null;
        string text = values[0].AsText;
        var elements = StringInfo.ParseCombiningCharacters(text);
        Int128 count = elements.Length;
        Int128 start = left ? 1 : values[1].Integer;
        Int128 length = left ? values[1].Integer : values.Length > 2 ? values[2].Integer : long.MaxValue;
        if (length < 0)
            throw new PortraitDbException(PortraitDbErrorKind.Type, $"{(left ? "LEFT" : "SUBSTR")} needs a length of at least 0, not {length}.");
        if (start < 0)
            start = count + start + 1;
        var first = Int128.Max(start, 1);
        var end = Int128.Min(count + 1, start + length);
        if (first >= end)
            return Value.FromText("");
        int from = elements[(int)first - 1];
        int to = end > count ? text.Length : elements[(int)end - 1];
        return Value.FromText(text[from..to]);
    }

    private BoundExpression BindAggregate(FunctionCallSyntax call, string name, BindingScope? scope, AggregateCollector? aggregates, bool insideAggregate)
    {
        if (aggregates is null)
            throw Error(PortraitDbErrorKind.Binding, $"aggregate {name}() is not allowed here (use HAVING to filter on aggregates)", call.NameSpan);
        if (insideAggregate)
            throw Error(PortraitDbErrorKind.Binding, "aggregates cannot be nested", call.NameSpan);
        string text = TextOf(call.Span);
        if (call.IsStar)
        {
            if (name != "COUNT")
                throw Error(PortraitDbErrorKind.Syntax, $"{name}(*) is not an aggregate; did you mean COUNT(*)?", call.Span);
            return aggregates.Add(new BoundAggregate(AggregateFunction.CountStar, null, false, 0, ValueKind.Integer, 0, "COUNT(*)"));
        }
        int expected = name is "QUANTILE_CONT" or "QUANTILE" or "QUANTILE_DISC" ? 2 : 1;
        ArgumentCount(call, expected, expected);
        var argument = Bind(call.Arguments[0], scope, aggregates, insideAggregate: true);
        double fraction = 0.5;
        if (expected == 2)
        {
            var bound = Bind(call.Arguments[1], null, null);
            if (bound is not BoundLiteral literal || !literal.Value.IsNumeric || literal.Value.AsDouble is < 0 or > 1)
                throw Error(PortraitDbErrorKind.Type, "the quantile must be a constant between 0 and 1", call.Arguments[1].Span);
            fraction = literal.Value.AsDouble;
        }
        var (function, kind, scale) = name switch
        {
            "COUNT" => (AggregateFunction.Count, ValueKind.Integer, 0),
            "SUM" => (AggregateFunction.Sum, SumKind(argument, call), argument.Scale),
            "AVG" or "MEAN" => (AggregateFunction.Average, NumericOnly(argument, call, ValueKind.Real), 0),
            "MIN" => (AggregateFunction.Min, argument.Kind, argument.Scale),
            "MAX" => (AggregateFunction.Max, argument.Kind, argument.Scale),
            "QUANTILE" or "QUANTILE_DISC" => (AggregateFunction.QuantileDiscrete, argument.Kind, argument.Scale),
            _ => (AggregateFunction.QuantileContinuous, NumericOnly(argument, call, ValueKind.Real), 0),
        };
        if (argument.Kind == ValueKind.Tags && function != AggregateFunction.Count)
            throw Error(PortraitDbErrorKind.Type, $"{name} cannot aggregate TAGS", call.Arguments[0].Span);
        return aggregates.Add(new BoundAggregate(function, argument, call.Distinct, fraction, kind, scale, text));
    }

    private ValueKind SumKind(BoundExpression argument, FunctionCallSyntax call)
    {
        if (argument.Kind == ValueKind.Bool)
            return ValueKind.Integer;
        return NumericOnly(argument, call, argument.Kind);
    }

    private ValueKind NumericOnly(BoundExpression argument, FunctionCallSyntax call, ValueKind result)
    {
        if (!IsNumericKind(argument.Kind) && argument.Kind != ValueKind.Null)
            throw Error(PortraitDbErrorKind.Type, $"{call.Name.ToUpperInvariant()} needs a number, not {TypeName(argument.Kind)}", call.Arguments[0].Span);
        return result == ValueKind.Null ? ValueKind.Integer : result;
    }

    private BoundExpression BindBucket(FunctionCallSyntax call, BindingScope? scope, AggregateCollector? aggregates, bool insideAggregate)
    {
        ArgumentCount(call, 2, int.MaxValue);
        var operand = Bind(call.Arguments[0], scope, aggregates, insideAggregate);
        if (!IsNumericKind(operand.Kind) && operand.Kind is not (ValueKind.Date or ValueKind.Timestamp))
            throw Error(PortraitDbErrorKind.Type, $"BUCKET needs a number or a date, not {TypeName(operand.Kind)}", call.Arguments[0].Span);
        var edges = new Value[call.Arguments.Count - 1];
        for (int index = 1; index < call.Arguments.Count; index++)
        {
            var edge = Coerce(Bind(call.Arguments[index], null, null), operand, call.Arguments[index].Span);
            if (edge is not BoundLiteral { Value.IsNull: false } literal)
                throw Error(PortraitDbErrorKind.Type, "BUCKET edges must be constants", call.Arguments[index].Span);
            RequireComparable(operand, edge, call.Arguments[index].Span);
            edges[index - 1] = literal.Value;
            if (index > 1 && Value.Compare(edges[index - 2], edges[index - 1]) >= 0)
                throw Error(PortraitDbErrorKind.Type, "BUCKET edges must be in ascending order", call.Arguments[index].Span);
        }
        return BucketEdges.Create(operand, edges);
    }

    private BoundExpression BindDateTrunc(FunctionCallSyntax call, BindingScope? scope, AggregateCollector? aggregates, bool insideAggregate)
    {
        ArgumentCount(call, 2, 2);
        string unit = ConstantText(call.Arguments[0], "DATE_TRUNC unit").ToLowerInvariant();
        string[] units = ["year", "quarter", "month", "week", "day"];
        if (!units.Contains(unit))
            throw Error(PortraitDbErrorKind.Binding, $"unknown DATE_TRUNC unit '{unit}'{Suggest(unit, units)}", call.Arguments[0].Span);
        var operand = Bind(call.Arguments[1], scope, aggregates, insideAggregate);
        if (operand.Kind is not (ValueKind.Date or ValueKind.Timestamp or ValueKind.Null))
            throw Error(PortraitDbErrorKind.Type, $"DATE_TRUNC needs a DATE or TIMESTAMP, not {TypeName(operand.Kind)}", call.Arguments[1].Span);
        return Fold(new BoundFunction($"DATE_TRUNC('{unit}')", [operand], ValueKind.Date, 0, values =>
        {
            if (values[0].IsNull)
                return Value.Null;
            var date = DateOf(values[0]);
            var truncated = unit switch
            {
                "year" => new DateOnly(date.Year, 1, 1),
                "quarter" => new DateOnly(date.Year, (((date.Month - 1) / 3) * 3) + 1, 1),
                "month" => new DateOnly(date.Year, date.Month, 1),
                "week" => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
                _ => date,
            };
            return Value.FromDate(ValueConversion.DaysFromDate(truncated));
        }));
    }

    private static DateOnly DateOf(Value value) => value.Kind == ValueKind.Date
        ? ValueConversion.DateFromDays((int)value.Integer)
        : DateOnly.FromDateTime(ValueConversion.TimestampFromMicroseconds(value.Integer));

    private void ArgumentCount(FunctionCallSyntax call, int minimum, int maximum)
    {
        int count = call.Arguments.Count;
        if (count < minimum || count > maximum)
        {
            string expected = minimum == maximum ? $"{minimum}" : maximum == int.MaxValue ? $"at least {minimum}" : $"{minimum} to {maximum}";
            throw Error(PortraitDbErrorKind.Binding, $"{call.Name.ToUpperInvariant()} takes {expected} argument{(maximum == 1 && minimum == 1 ? "" : "s")}, not {count}", call.Span);
        }
    }

    private long ConstantInteger(BoundExpression expression, TextSpan span) =>
        expression is BoundLiteral { Value.Kind: ValueKind.Integer } literal
            ? literal.Value.Integer
            : throw Error(PortraitDbErrorKind.Type, "expected a constant whole number", span);

    private void RequireText(BoundExpression expression, TextSpan span)
    {
        if (expression.Kind is not (ValueKind.Text or ValueKind.Null))
            throw Error(PortraitDbErrorKind.Type, $"expected TEXT, found {TypeName(expression.Kind)}", span);
    }

    private static Value Round(Value value, int digits, int scale) => value.Kind switch
    {
        ValueKind.Null => value,
        ValueKind.Real => Value.FromReal(RoundReal(value.Real, digits)),
        ValueKind.Decimal => Execution.ExpressionEvaluator.Convert(Value.FromSystemDecimal(RoundDecimal(value.AsDecimal, digits)), ValueKind.Decimal, scale),
        _ => digits >= 0 ? value : Value.FromInteger((long)Math.Round(value.Integer / Math.Pow(10, -digits), MidpointRounding.AwayFromZero) * (long)Math.Pow(10, -digits)),
    };

    private static double RoundReal(double value, int digits)
    {
        if (digits is < 0 or > 15)
        {
            if (digits > 0)
                return value;
            // Past 10^308 the factor is infinite: every finite value rounds to 0 (not 0 * infinity = NaN).
            double factor = Math.Pow(10, -digits);
            return double.IsInfinity(factor) ? 0 : Math.Round(value / factor, MidpointRounding.AwayFromZero) * factor;
        }
        return Math.Round(value, digits, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Rounds half away from zero to <paramref name="digits"/> decimals; negative digits round to tens, hundreds, ...
    /// (ROUND(1234.5, -2) = 1200). A decimal holds at most 28 decimals, so more digits leave it as it is.
    /// </summary>
    private static decimal RoundDecimal(decimal value, int digits)
    {
        const int MaxDigits = 28;
        if (digits >= 0)
            return digits >= MaxDigits ? value : Math.Round(value, digits, MidpointRounding.AwayFromZero);
        if (digits < -MaxDigits)
            return 0m;
        decimal factor = 1m;
        for (int power = 0; power < -digits; power++)
            factor *= 10;
        return Math.Round(value / factor, MidpointRounding.AwayFromZero) * factor;
    }

    private static Value Unary(string name, Value value, int scale)
    {
        if (value.IsNull)
            return value;
        return name switch
        {
            "ABS" => value.Kind switch
            {
                ValueKind.Real => Value.FromReal(Math.Abs(value.Real)),
                ValueKind.Decimal => Value.FromDecimal(Math.Abs(value.Integer), value.Scale),
                _ => Value.FromInteger(Math.Abs(value.Integer)),
            },
            "FLOOR" => value.Kind switch
            {
                ValueKind.Real => Value.FromReal(Math.Floor(value.Real)),
                ValueKind.Decimal => Execution.ExpressionEvaluator.Convert(Value.FromSystemDecimal(Math.Floor(value.AsDecimal)), ValueKind.Decimal, scale),
                _ => value,
            },
            _ => value.Kind switch
            {
                ValueKind.Real => Value.FromReal(Math.Ceiling(value.Real)),
                ValueKind.Decimal => Execution.ExpressionEvaluator.Convert(Value.FromSystemDecimal(Math.Ceiling(value.AsDecimal)), ValueKind.Decimal, scale),
                _ => value,
            },
        };
    }

    private static Value Choose(string name, Value[] values, ValueKind kind, int scale)
    {
        Value chosen = Value.Null;
        foreach (var value in values)
        {
            if (value.IsNull)
                continue;
            if (name == "COALESCE")
                return Execution.ExpressionEvaluator.Convert(value, kind, scale);
            if (chosen.IsNull || (name == "GREATEST" ? Value.Compare(value, chosen) > 0 : Value.Compare(value, chosen) < 0))
                chosen = value;
        }
        return Execution.ExpressionEvaluator.Convert(chosen, kind, scale);
    }
}
