using System.Globalization;

namespace PortraitDb.Storage;

/// <summary>Converts host values (.NET objects) to and from a column's storage encoding.</summary>
internal static class ValueConversion
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    private static readonly long[] PowersOfTen = [.. Enumerable.Range(0, 19).Select(power => (long)Math.Pow(10, power))];

    public static DateOnly DateFromDays(int days) => DateOnly.FromDayNumber(DateOnly.FromDateTime(Epoch).DayNumber + days);

    public static int DaysFromDate(DateOnly date) => date.DayNumber - DateOnly.FromDateTime(Epoch).DayNumber;

    public static DateTime TimestampFromMicroseconds(long microseconds) => Epoch.AddTicks(microseconds * TicksPerMicrosecond);

    public static long MicrosecondsFromTimestamp(DateTime timestamp) => (timestamp.Ticks - Epoch.Ticks) / TicksPerMicrosecond;

    /// <summary>The decimal of a scaled integer, keeping the scale (12.50 stays 12.50); |scaled| &lt; 10^18 always fits.</summary>
    public static decimal DecimalFromScaled(long scaled, int scale)
    {
        ulong magnitude = (ulong)Math.Abs(scaled);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, scaled < 0, (byte)scale);
    }

    public static long PowerOfTen(int power) => PowersOfTen[power];

    /// <summary>The scaled integer of <paramref name="value"/> at <paramref name="type"/>'s scale, rounding half away from zero; throws when it does not fit the precision.</summary>
    public static long ScaledFromDecimal(decimal value, ColumnType type, string column)
    {
        decimal rounded = Math.Round(value, type.Scale, MidpointRounding.AwayFromZero);
        decimal scaled = rounded * PowersOfTen[type.Scale];
        if (Math.Abs(scaled) >= PowersOfTen[type.Precision])
            throw new PortraitDbException(PortraitDbErrorKind.Type, $"Value {value.ToString(CultureInfo.InvariantCulture)} does not fit {type} in column '{column}'.");
        return (long)scaled;
    }

    /// <summary>A host value in <paramref name="column"/>'s encoding; throws a Type error naming the column when it does not fit.</summary>
    public static Cell ToCell(object? value, ColumnDefinition column)
    {
        if (value is null or DBNull)
            return Cell.Null;
        var type = column.Type;
        try
        {
            switch (type.Kind)
            {
                case ColumnKind.Text:
                case ColumnKind.Category:
                    return value is string text ? Cell.FromText(text) : throw Mismatch(value, column);
                case ColumnKind.Bool:
                    return value is bool flag ? Cell.FromInteger(flag ? 1 : 0) : throw Mismatch(value, column);
                case ColumnKind.Int32:
                    {
                        long integer = ToInteger(value, column);
                        if (integer is < int.MinValue or > int.MaxValue)
                            throw new PortraitDbException(PortraitDbErrorKind.Type, $"Value {integer} does not fit INT in column '{column.Name}'.");
                        return Cell.FromInteger(integer);
                    }
                case ColumnKind.Int64:
                    return Cell.FromInteger(ToInteger(value, column));
                case ColumnKind.Double:
                    return value switch
                    {
                        double real => Cell.FromReal(real),
                        float single => Cell.FromReal(single),
                        decimal exact => Cell.FromReal((double)exact),
                        _ => Cell.FromReal(ToInteger(value, column)),
                    };
                case ColumnKind.Decimal:
                    return value switch
                    {
                        decimal exact => Cell.FromInteger(ScaledFromDecimal(exact, type, column.Name)),
                        double real => Cell.FromInteger(ScaledFromDecimal((decimal)real, type, column.Name)),
                        _ => Cell.FromInteger(ScaledFromDecimal(ToInteger(value, column), type, column.Name)),
                    };
                case ColumnKind.Date:
                    return value switch
                    {
                        DateOnly date => Cell.FromInteger(DaysFromDate(date)),
                        DateTime dateTime when dateTime.TimeOfDay == TimeSpan.Zero => Cell.FromInteger(DaysFromDate(DateOnly.FromDateTime(dateTime))),
                        _ => throw Mismatch(value, column),
                    };
                case ColumnKind.Timestamp:
                    return value switch
                    {
                        DateTime dateTime => Cell.FromInteger(MicrosecondsFromTimestamp(dateTime)),
                        DateOnly date => Cell.FromInteger(MicrosecondsFromTimestamp(date.ToDateTime(TimeOnly.MinValue))),
                        _ => throw Mismatch(value, column),
                    };
                case ColumnKind.Tags:
                    return value switch
                    {
                        string[] tags => Cell.FromTags(tags),
                        IEnumerable<string> tags => Cell.FromTags([.. tags]),
                        _ => throw Mismatch(value, column),
                    };
                default:
                    throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Unknown column kind {type.Kind}.");
            }
        }
        catch (OverflowException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Type, $"Value {value} does not fit {type} in column '{column.Name}'.");
        }
    }

    private static long ToInteger(object value, ColumnDefinition column) => value switch
    {
        int integer => integer,
        long integer => integer,
        short integer => integer,
        byte integer => integer,
        sbyte integer => integer,
        ushort integer => integer,
        uint integer => integer,
        ulong integer => checked((long)integer),
        decimal exact when exact == decimal.Truncate(exact) => checked((long)exact),
        double real when real == Math.Truncate(real) && Math.Abs(real) < 9.2e18 => (long)real,
        _ => throw Mismatch(value, column),
    };

    private static PortraitDbException Mismatch(object value, ColumnDefinition column) =>
        new(PortraitDbErrorKind.Type, $"Column '{column.Name}' is {column.Type}; a {value.GetType().Name} value ({Convert.ToString(value, CultureInfo.InvariantCulture)}) does not fit it.");
}
