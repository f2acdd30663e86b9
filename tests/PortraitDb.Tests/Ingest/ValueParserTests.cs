using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using PortraitDb.Ingest;

namespace PortraitDb.Tests.Ingest;

public sealed class ValueParserTests
{
    private static byte[] U(string text) => Encoding.UTF8.GetBytes(text);

    [Property(MaxTest = 500)]
    public void Int64_round_trips_through_the_bcl_format(long value)
    {
        Assert.True(ValueParser.TryParseInt64(U(value.ToString(CultureInfo.InvariantCulture)), out long parsed));
        Assert.Equal(value, parsed);
    }

    [Property(MaxTest = 500)]
    public void Int32_agrees_with_int_parse(long value)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        bool bcl = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int expected);
        Assert.Equal(bcl, ValueParser.TryParseInt32(U(text), out int parsed));
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void Integer_edge_cases()
    {
        Assert.True(ValueParser.TryParseInt64(U("-9223372036854775808"), out long min));
        Assert.Equal(long.MinValue, min);
        Assert.True(ValueParser.TryParseInt64(U("+9223372036854775807"), out long max));
        Assert.Equal(long.MaxValue, max);
        Assert.True(ValueParser.TryParseInt32(U(" 42 "), out int padded));
        Assert.Equal(42, padded);
        foreach (string bad in new[] { "", "-", "+", "9223372036854775808", "-9223372036854775809", "1,000", "1.0", "1e3", "0x10", "١٢" })
            Assert.False(ValueParser.TryParseInt64(U(bad), out _), bad);
        Assert.False(ValueParser.TryParseInt32(U("2147483648"), out _));
        Assert.True(ValueParser.TryParseInt32(U("-2147483648"), out int int32Min));
        Assert.Equal(int.MinValue, int32Min);
    }

    [Property(MaxTest = 500)]
    public void Double_round_trips(double value)
    {
        Assert.True(ValueParser.TryParseDouble(U(value.ToString("R", CultureInfo.InvariantCulture)), out double parsed));
        Assert.Equal(value, parsed);
    }

    [Fact]
    public void Double_rejects_thousands_separators()
    {
        Assert.False(ValueParser.TryParseDouble(U("1,000.5"), out _));
        Assert.False(ValueParser.TryParseDouble(U(""), out _));
        Assert.True(ValueParser.TryParseDouble(U("17850.0"), out double id));
        Assert.Equal(17850.0, id);
        Assert.True(ValueParser.TryParseDouble(U("-1.5e-3"), out double small));
        Assert.Equal(-0.0015, small);
    }

    [Property(MaxTest = 500)]
    public void Decimal_agrees_with_system_decimal_rounding(long mantissa, byte scaleSeed, byte digitsSeed)
    {
        int textScale = digitsSeed % 8;
        int scale = scaleSeed % 6;
        decimal value = mantissa % 1_000_000_000_000L;
        value /= (decimal)Math.Pow(10, textScale);
        string text = value.ToString("F" + textScale, CultureInfo.InvariantCulture);
        decimal expected = Math.Round(value, scale, MidpointRounding.AwayFromZero) * (decimal)Math.Pow(10, scale);
        bool fits = Math.Abs(expected) < 1_000_000_000_000_000_000m;
        Assert.Equal(fits, ValueParser.TryParseDecimal(U(text), scale, out long scaled));
        if (fits)
            Assert.Equal((long)expected, scaled);
    }

    [Fact]
    public void Decimal_cases()
    {
        Assert.True(ValueParser.TryParseDecimal(U("11.77"), 2, out long cdnow));
        Assert.Equal(1177, cdnow);
        Assert.True(ValueParser.TryParseDecimal(U("-1.235"), 2, out long rounded));
        Assert.Equal(-124, rounded);
        Assert.True(ValueParser.TryParseDecimal(U(".5"), 0, out long half));
        Assert.Equal(1, half);
        Assert.True(ValueParser.TryParseDecimal(U("7."), 1, out long trailingPoint));
        Assert.Equal(70, trailingPoint);
        Assert.True(ValueParser.TryParseDecimal(U("999.99"), 5, 2, out long fitsPrecision));
        Assert.Equal(99999, fitsPrecision);
        Assert.False(ValueParser.TryParseDecimal(U("999.995"), 5, 2, out _));
        Assert.False(ValueParser.TryParseDecimal(U("1000"), 5, 2, out _));
        foreach (string bad in new[] { "", ".", "-", "1.2.3", "1e5", "abc", "1,5" })
            Assert.False(ValueParser.TryParseDecimal(U(bad), 2, out _), bad);
    }

    [Fact]
    public void Bool_words()
    {
        foreach (string t in new[] { "true", "TRUE", "True", "t", "T", "yes", "YES", "y", "1" })
        {
            Assert.True(ValueParser.TryParseBool(U(t), out bool value), t);
            Assert.True(value, t);
        }
        foreach (string f in new[] { "false", "F", "no", "No", "n", "0" })
        {
            Assert.True(ValueParser.TryParseBool(U(f), out bool value), f);
            Assert.False(value, f);
        }
        foreach (string bad in new[] { "", "2", "tru", "yess", "nope", "on" })
            Assert.False(ValueParser.TryParseBool(U(bad), out _), bad);
        Assert.False(ValueParser.IsBoolWord(U("1"), out _));
        Assert.True(ValueParser.IsBoolWord(U("Yes"), out _));
    }

    [Property(MaxTest = 500)]
    public void Date_round_trips_through_dateonly_in_every_form(int seed)
    {
        var date = DateOnly.FromDayNumber((int)((uint)seed % (uint)DateOnly.MaxValue.DayNumber));
        int expected = date.DayNumber - new DateOnly(1970, 1, 1).DayNumber;
        foreach (string format in new[] { "yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy-M-d", "M/d/yyyy" })
        {
            string text = date.ToString(format, CultureInfo.InvariantCulture);
            Assert.True(ValueParser.TryParseDate(U(text), out int days), text);
            Assert.Equal(expected, days);
            Assert.Equal(date, ValueParser.ToDate(days));
        }
    }

    [Fact]
    public void Invalid_dates_are_rejected()
    {
        foreach (string bad in new[] { "", "2023-02-29", "2023-13-01", "2023-00-10", "2023-01-32", "20230229", "2023-01-012", "2023-01", "0000-01-01", "2023.01.01", "1/2/23", "2023-01-01x", "9999999" })
            Assert.False(ValueParser.TryParseDate(U(bad), out _), bad);
        Assert.True(ValueParser.TryParseDate(U("2024-02-29"), out int leap));
        Assert.Equal(new DateOnly(2024, 2, 29), ValueParser.ToDate(leap));
        Assert.True(ValueParser.TryParseDate(U("1969-12-31"), out int before));
        Assert.Equal(-1, before);
    }

    [Property(MaxTest = 500)]
    public void Timestamp_round_trips_through_datetime(long seed)
    {
        long ticks = (long)((ulong)seed % (ulong)DateTime.MaxValue.Ticks);
        var time = new DateTime(ticks - ticks % 10, DateTimeKind.Unspecified);
        long expected = (time - DateTime.UnixEpoch).Ticks / 10;
        foreach (string format in new[] { "yyyy-MM-dd HH:mm:ss.ffffff", "yyyy-MM-ddTHH:mm:ss.ffffff", "yyyy/MM/dd HH:mm:ss.ffffff" })
        {
            string text = time.ToString(format, CultureInfo.InvariantCulture);
            Assert.True(ValueParser.TryParseTimestamp(U(text), out long micros), text);
            Assert.Equal(expected, micros);
        }
        var minute = new DateTime(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0);
        string retail = minute.ToString("M/d/yyyy H:mm", CultureInfo.InvariantCulture);
        Assert.True(ValueParser.TryParseTimestamp(U(retail), out long retailMicros), retail);
        Assert.Equal((minute - DateTime.UnixEpoch).Ticks / 10, retailMicros);
    }

    [Fact]
    public void Timestamp_cases()
    {
        Assert.True(ValueParser.TryParseTimestamp(U("12/1/2010 8:26"), out long retail));
        Assert.Equal((new DateTime(2010, 12, 1, 8, 26, 0) - DateTime.UnixEpoch).Ticks / 10, retail);
        Assert.True(ValueParser.TryParseTimestamp(U("2010-12-01 08:26:00"), out long iso));
        Assert.Equal(retail, iso);
        Assert.True(ValueParser.TryParseTimestamp(U("2010-12-01"), out long midnight));
        Assert.Equal(retail - (8 * 60 + 26) * 60_000_000L, midnight);
        Assert.True(ValueParser.TryParseTimestamp(U("1970-01-01T00:00:00.1234567"), out long truncated));
        Assert.Equal(123456, truncated);
        Assert.True(ValueParser.TryParseTimestamp(U("1969-12-31 23:59:59.5"), out long negative));
        Assert.Equal(-500_000, negative);
        foreach (string bad in new[] { "2010-12-01 24:00", "2010-12-01 8:60", "2010-12-01 08:26:61", "2010-12-01 08", "2010-12-01 x", "2010-12-01T", "2010-12-01 08:26:00Z", "2010-12-01 08:26:00.", "2010-12-01 08:26:00.1234567890" })
            Assert.False(ValueParser.TryParseTimestamp(U(bad), out _), bad);
    }
}
