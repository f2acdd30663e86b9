using System.Globalization;
using PortraitDb.Storage;

namespace PortraitDb.Query;

/// <summary>The type of a value while a statement runs; integers are 64-bit, decimals a scaled 64-bit integer.</summary>
internal enum ValueKind : byte
{
    Null,
    Bool,
    Integer,
    Real,
    Decimal,
    Text,
    Date,
    Timestamp,
    Tags,
}

/// <summary>
/// One SQL value in the row-at-a-time evaluator: a kind, a 64-bit payload (bool as 0/1, integers, decimals scaled
/// by 10^<see cref="Scale"/>, dates as days, timestamps as microseconds), a double, or a reference (text, tags).
/// </summary>
internal readonly struct Value : IEquatable<Value>, IComparable<Value>
{
    public readonly ValueKind Kind;
    public readonly byte Scale;
    public readonly long Integer;
    public readonly double Real;
    public readonly object? Reference;

    private Value(ValueKind kind, long integer = 0, double real = 0, object? reference = null, byte scale = 0)
    {
        Kind = kind;
        Integer = integer;
        Real = real;
        Reference = reference;
        Scale = scale;
    }

    public static Value Null => default;

    public bool IsNull => Kind == ValueKind.Null;

    public static Value FromBool(bool value) => new(ValueKind.Bool, value ? 1 : 0);

    public static Value FromInteger(long value) => new(ValueKind.Integer, value);

    public static Value FromReal(double value) => new(ValueKind.Real, real: value);

    public static Value FromDecimal(long scaled, int scale) => new(ValueKind.Decimal, scaled, scale: (byte)scale);

    public static Value FromText(string value) => new(ValueKind.Text, reference: value);

    public static Value FromDate(int days) => new(ValueKind.Date, days);

    public static Value FromTimestamp(long microseconds) => new(ValueKind.Timestamp, microseconds);

    public static Value FromTags(string[] tags) => new(ValueKind.Tags, reference: tags);

    public bool AsBool => Integer != 0;

    public string AsText => (string)Reference!;

    public string[] AsTags => (string[])Reference!;

    /// <summary>The numeric value as a double (integers, decimals, reals, dates).</summary>
    public double AsDouble => Kind switch
    {
        ValueKind.Real => Real,
        ValueKind.Decimal => Integer / (double)ValueConversion.PowerOfTen(Scale),
        _ => Integer,
    };

    /// <summary>The exact decimal of an integer or decimal value.</summary>
    public decimal AsDecimal => Kind == ValueKind.Decimal ? ValueConversion.DecimalFromScaled(Integer, Scale) : Kind == ValueKind.Real ? (decimal)Real : Integer;

    public bool IsNumeric => Kind is ValueKind.Integer or ValueKind.Real or ValueKind.Decimal;

    /// <summary>A decimal from a .NET decimal, or a real when it does not fit 18 digits.</summary>
    public static Value FromSystemDecimal(decimal value)
    {
        int scale = value.Scale;
        if (scale <= ColumnType.MaxDecimalPrecision)
        {
            decimal scaled = value * ValueConversion.PowerOfTen(scale);
            if (Math.Abs(scaled) < ValueConversion.PowerOfTen(ColumnType.MaxDecimalPrecision))
                return FromDecimal((long)scaled, scale);
        }
        return FromReal((double)value);
    }

    /// <summary>The host (.NET) object for this value, as <see cref="QueryResult"/> hands it out.</summary>
    public object? ToObject() => Kind switch
    {
        ValueKind.Null => null,
        ValueKind.Bool => AsBool,
        ValueKind.Integer => Integer,
        ValueKind.Real => Real,
        ValueKind.Decimal => ValueConversion.DecimalFromScaled(Integer, Scale),
        ValueKind.Text => AsText,
        ValueKind.Date => ValueConversion.DateFromDays((int)Integer),
        ValueKind.Timestamp => ValueConversion.TimestampFromMicroseconds(Integer),
        ValueKind.Tags => AsTags,
        _ => null,
    };

    /// <summary>The value of a host object (a parameter or a literal), or an error naming its type.</summary>
    public static Value FromObject(object? value) => value switch
    {
        null or DBNull => Null,
        bool flag => FromBool(flag),
        sbyte or byte or short or ushort or int or uint or long => FromInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong unsigned when unsigned <= long.MaxValue => FromInteger((long)unsigned),
        float single => FromReal(single),
        double real => FromReal(real),
        decimal exact => FromSystemDecimal(exact),
        string text => FromText(text),
        char character => FromText(character.ToString()),
        DateOnly date => FromDate(ValueConversion.DaysFromDate(date)),
        DateTime timestamp => FromTimestamp(ValueConversion.MicrosecondsFromTimestamp(timestamp)),
        string[] tags => FromTags(tags),
        IEnumerable<string> tags => FromTags([.. tags]),
        _ => throw new PortraitDbException(PortraitDbErrorKind.Type, $"A value of type {value.GetType().Name} cannot be used in a query."),
    };

    /// <summary>SQL equality of two non-null values of comparable kinds (numbers across kinds, text, dates).</summary>
    public bool Equals(Value other) => Kind == other.Kind && Kind is not (ValueKind.Real or ValueKind.Decimal or ValueKind.Tags) && Scale == other.Scale
        ? Integer == other.Integer && Equals(Reference, other.Reference)
        : Compare(this, other) == 0;

    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        ValueKind.Null => 0,
        ValueKind.Text => StringComparer.Ordinal.GetHashCode(AsText),
        ValueKind.Tags => string.Join('\u0001', AsTags).GetHashCode(StringComparison.Ordinal),
        ValueKind.Integer or ValueKind.Real or ValueKind.Decimal => AsDouble.GetHashCode(),
        _ => HashCode.Combine(Kind, Integer),
    };

    public int CompareTo(Value other) => Compare(this, other);

    /// <summary>Total order used by ORDER BY and grouping: NULL first, then by value; numbers compare across kinds.</summary>
    public static int Compare(Value left, Value right)
    {
        if (left.IsNull || right.IsNull)
            return left.IsNull.CompareTo(right.IsNull) * -1;
        if (left.IsNumeric && right.IsNumeric)
            return CompareNumbers(left, right);
        if (left.Kind != right.Kind)
        {
            if (left.Kind == ValueKind.Date && right.Kind == ValueKind.Timestamp)
                return (left.Integer * MicrosecondsPerDay).CompareTo(right.Integer);
            if (left.Kind == ValueKind.Timestamp && right.Kind == ValueKind.Date)
                return left.Integer.CompareTo(right.Integer * MicrosecondsPerDay);
            return left.Kind.CompareTo(right.Kind);
        }
        return left.Kind switch
        {
            ValueKind.Text => string.CompareOrdinal(left.AsText, right.AsText),
            ValueKind.Tags => string.CompareOrdinal(string.Join('|', left.AsTags), string.Join('|', right.AsTags)),
            _ => left.Integer.CompareTo(right.Integer),
        };
    }

    public const long MicrosecondsPerDay = 86_400_000_000;

    private static int CompareNumbers(Value left, Value right)
    {
        if (left.Kind == ValueKind.Real || right.Kind == ValueKind.Real)
            return left.AsDouble.CompareTo(right.AsDouble);
        if (left.Scale == right.Scale)
            return left.Integer.CompareTo(right.Integer);
        return ((Int128)left.Integer * ValueConversion.PowerOfTen(Math.Max(0, right.Scale - left.Scale)))
            .CompareTo((Int128)right.Integer * ValueConversion.PowerOfTen(Math.Max(0, left.Scale - right.Scale)));
    }

    public override string ToString() => QueryResult.FormatValue(ToObject());
}
