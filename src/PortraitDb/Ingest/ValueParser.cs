using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace PortraitDb.Ingest;

/// <summary>
/// Culture-invariant, allocation-free parsers for CSV field text (UTF-8). Surrounding spaces and tabs are ignored;
/// anything else that is not part of the format makes the parse fail.
/// </summary>
public static class ValueParser
{
    /// <summary>Microseconds per day.</summary>
    public const long MicrosPerDay = 86_400_000_000L;

    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    private static readonly long[] PowersOfTen =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    ];

    /// <summary>Parses a 32-bit integer: optional sign, decimal digits, no thousands separators.</summary>
    public static bool TryParseInt32(ReadOnlySpan<byte> text, out int value)
    {
        if (TryParseInt64(text, out long wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>Parses a 64-bit integer: optional sign, decimal digits, no thousands separators.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        text = Trim(text);
        if (text.IsEmpty)
            return false;
        bool negative = false;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == (byte)'-';
            text = text[1..];
            if (text.IsEmpty)
                return false;
        }
        // Accumulate negatively so that long.MinValue, whose magnitude has no positive counterpart, parses.
        long accumulator = 0;
        foreach (byte b in text)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
                return false;
            if (accumulator < (long.MinValue + digit) / 10)
                return false;
            accumulator = accumulator * 10 - digit;
        }
        if (!negative)
        {
            if (accumulator == long.MinValue)
                return false;
            accumulator = -accumulator;
        }
        value = accumulator;
        return true;
    }

    /// <summary>Parses a double: digits with optional sign, point and exponent, or NaN/Infinity, invariant culture.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        text = Trim(text);
        // The BCL accepts a leading or trailing thousands-free number; reject the empty case it would also reject.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses a decimal into an integer scaled by 10^<paramref name="scale"/>, with up to 18 digits of precision.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, int scale, out long scaled) =>
        TryParseDecimal(text, 18, scale, out scaled);

    /// <summary>
    /// Parses a decimal (<c>-12.345</c>, no exponent) into an integer scaled by 10^<paramref name="scale"/>.
    /// Extra fractional digits are rounded half away from zero, as DuckDB does when casting text to DECIMAL;
    /// the result must have at most <paramref name="precision"/> digits.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, int precision, int scale, out long scaled)
    {
        scaled = 0;
        if (precision is < 1 or > 18 || scale < 0 || scale > precision)
            return false;
        text = Trim(text);
        if (text.IsEmpty)
            return false;
        bool negative = false;
        if (text[0] is (byte)'+' or (byte)'-')
        {
            negative = text[0] == (byte)'-';
            text = text[1..];
        }
        long limit = PowersOfTen[precision];
        long magnitude = 0;
        int i = 0;
        int digits = 0;
        for (; i < text.Length && text[i] != (byte)'.'; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9)
                return false;
            magnitude = magnitude * 10 + digit;
            digits++;
            // Leading integer digits beyond the limit can never come back under it.
            if (magnitude >= limit)
                return false;
        }
        int fractionDigits = 0;
        bool roundUp = false;
        if (i < text.Length)
        {
            i++;
            for (; i < text.Length; i++)
            {
                uint digit = (uint)(text[i] - '0');
                if (digit > 9)
                    return false;
                digits++;
                if (fractionDigits < scale)
                {
                    magnitude = magnitude * 10 + digit;
                    fractionDigits++;
                }
                else if (fractionDigits == scale)
                {
                    roundUp = digit >= 5;
                    fractionDigits++;
                }
            }
        }
        if (digits == 0)
            return false;
        for (int pad = Math.Min(fractionDigits, scale); pad < scale; pad++)
            magnitude *= 10;
        if (roundUp)
            magnitude++;
        if (magnitude >= limit)
            return false;
        scaled = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>Parses true/false, t/f, yes/no, y/n, 1/0, case-insensitive.</summary>
    public static bool TryParseBool(ReadOnlySpan<byte> text, out bool value)
    {
        text = Trim(text);
        if (IsBoolWord(text, out value))
            return true;
        if (text.Length == 1)
        {
            switch (text[0] | 0x20)
            {
                case 't' or 'y' or '1':
                    value = true;
                    return true;
                case 'f' or 'n' or '0':
                    value = false;
                    return true;
            }
        }
        value = false;
        return false;
    }

    /// <summary>True for the spelled-out boolean words (true/false/yes/no, any case), the ones schema inference trusts.</summary>
    public static bool IsBoolWord(ReadOnlySpan<byte> text, out bool value)
    {
        value = false;
        if (text.Length is < 2 or > 5)
            return false;
        if (Ascii.EqualsIgnoreCase(text, "true"u8) || Ascii.EqualsIgnoreCase(text, "yes"u8))
        {
            value = true;
            return true;
        }
        return Ascii.EqualsIgnoreCase(text, "false"u8) || Ascii.EqualsIgnoreCase(text, "no"u8);
    }

    /// <summary>
    /// Parses a date as days since 1970-01-01: <c>yyyy-M-d</c>, <c>yyyy/M/d</c>, compact <c>yyyyMMdd</c> (CDNOW),
    /// or US <c>M/d/yyyy</c> (UCI Online Retail).
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out int days)
    {
        text = Trim(text);
        if (TryParseDatePart(text, out days, out int consumed) && consumed == text.Length)
            return true;
        days = 0;
        return false;
    }

    /// <summary>
    /// Parses a timestamp as microseconds since 1970-01-01T00:00:00: any date form of <see cref="TryParseDate"/>,
    /// optionally followed by <c>T</c> or a space and <c>H:mm[:ss[.fffffffff]]</c>. Fractions beyond microseconds are truncated.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        text = Trim(text);
        if (!TryParseDatePart(text, out int days, out int i))
            return false;
        long time = 0;
        if (i < text.Length)
        {
            if (text[i] is not ((byte)'T' or (byte)' ') || i + 1 >= text.Length)
                return false;
            i++;
            if (!TryDigits(text, ref i, 1, 2, out int hour) || hour > 23 || !Expect(text, ref i, (byte)':')
                || !TryDigits(text, ref i, 2, 2, out int minute) || minute > 59)
            {
                return false;
            }
            int second = 0;
            long fraction = 0;
            if (i < text.Length && text[i] == (byte)':')
            {
                i++;
                if (!TryDigits(text, ref i, 2, 2, out second) || second > 59)
                    return false;
                if (i < text.Length && text[i] == (byte)'.')
                {
                    i++;
                    int start = i;
                    while (i < text.Length && (uint)(text[i] - '0') <= 9)
                    {
                        if (i - start < 6)
                            fraction = fraction * 10 + (text[i] - '0');
                        i++;
                    }
                    int count = i - start;
                    if (count is 0 or > 9)
                        return false;
                    for (int pad = count; pad < 6; pad++)
                        fraction *= 10;
                }
            }
            if (i != text.Length)
                return false;
            time = ((hour * 60L + minute) * 60L + second) * 1_000_000L + fraction;
        }
        micros = days * MicrosPerDay + time;
        return true;
    }

    /// <summary>Formats days since the epoch as <c>yyyy-MM-dd</c>, for messages and tests.</summary>
    public static DateOnly ToDate(int days) => DateOnly.FromDayNumber(EpochDayNumber + days);

    /// <summary>Days since the epoch of a calendar date.</summary>
    public static int ToDays(DateOnly date) => date.DayNumber - EpochDayNumber;

    private static bool TryParseDatePart(ReadOnlySpan<byte> text, out int days, out int consumed)
    {
        days = 0;
        consumed = 0;
        int i = 0;
        int year, month, day;
        if (!TryDigits(text, ref i, 1, 8, out int first))
            return false;
        int firstLength = i;
        if (firstLength == 8)
        {
            year = first / 10_000;
            month = first / 100 % 100;
            day = first % 100;
        }
        else if (firstLength == 4 && i < text.Length && text[i] is (byte)'-' or (byte)'/')
        {
            byte separator = text[i++];
            year = first;
            if (!TryDigits(text, ref i, 1, 2, out month) || !Expect(text, ref i, separator) || !TryDigits(text, ref i, 1, 2, out day))
                return false;
        }
        else if (firstLength <= 2 && i < text.Length && text[i] == (byte)'/')
        {
            i++;
            month = first;
            if (!TryDigits(text, ref i, 1, 2, out day) || !Expect(text, ref i, (byte)'/') || !TryDigits(text, ref i, 4, 4, out year))
                return false;
        }
        else
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        // A digit straight after the date (e.g. "2020-01-012") is not a date.
        if (i < text.Length && (uint)(text[i] - '0') <= 9)
            return false;
        days = new DateOnly(year, month, day).DayNumber - EpochDayNumber;
        consumed = i;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Expect(ReadOnlySpan<byte> text, ref int i, byte expected)
    {
        if (i < text.Length && text[i] == expected)
        {
            i++;
            return true;
        }
        return false;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, ref int i, int min, int max, out int value)
    {
        value = 0;
        int start = i;
        while (i < text.Length && i - start < max && (uint)(text[i] - '0') <= 9)
        {
            value = value * 10 + (text[i] - '0');
            i++;
        }
        return i - start >= min;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        // Most fields have no padding; test the ends before paying for the general trim.
        if (text.IsEmpty || (text[0] > (byte)' ' && text[^1] > (byte)' '))
            return text;
        int start = 0;
        while (start < text.Length && text[start] is (byte)' ' or (byte)'\t')
            start++;
        int end = text.Length;
        while (end > start && text[end - 1] is (byte)' ' or (byte)'\t')
            end--;
        return text[start..end];
    }
}
