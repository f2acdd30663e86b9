using System.Collections.Concurrent;
using System.Text;

namespace PortraitDb.DataGen;

/// <summary>
/// Writes synthetic profiles as CSV: UTF-8 without BOM, a header line, comma delimiters, LF line ends, RFC 4180
/// quoting where a value needs it, NULL as an empty field, dates as yyyy-MM-dd, decimals with two decimals,
/// booleans as true/false and interests joined with '|'.
/// </summary>
public static class ProfileCsvWriter
{
    // Generous upper bound of one encoded row: the buffer is grown before a row whenever less than this remains.
    private const int MaxRowBytes = 2048;

    private static readonly byte[] Header = Encoding.UTF8.GetBytes(string.Join(',', ProfileSchema.Columns.Select(c => c.Name)) + "\n");
    private static readonly byte[][] GenderBytes = Encode(ProfileData.Genders);
    private static readonly byte[][] ProvinceBytes = Encode(ProfileData.Provinces);
    private static readonly byte[][] CityBytes = Encode(ProfileData.Cities);
    private static readonly byte[][] PhoneBytes = Encode(ProfileData.PhoneBrands);
    private static readonly byte[][] OccupationBytes = Encode(ProfileData.Occupations);
    private static readonly byte[][] EducationBytes = Encode(ProfileData.Educations);
    private static readonly byte[][] MaritalBytes = Encode(ProfileData.MaritalStatuses);
    private static readonly byte[][] IncomeBytes = Encode(ProfileData.IncomeBands);
    private static readonly byte[][] MemberBytes = Encode(ProfileData.MemberLevels);
    private static readonly byte[][] ChannelBytes = Encode(ProfileData.Channels);
    private static readonly byte[][] InterestBytes = ProfileData.Interests.Select(Encoding.UTF8.GetBytes).ToArray();
    private static readonly byte[] TrueBytes = "true"u8.ToArray();
    private static readonly byte[] FalseBytes = "false"u8.ToArray();

    /// <summary>Writes the header and rows 0 to <paramref name="rowCount"/> - 1 of <paramref name="seed"/> to a new file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="seed">The generator seed.</param>
    /// <param name="progress">Receives the number of rows written so far, once per block.</param>
    public static void Write(string path, long rowCount, ulong seed, IProgress<long>? progress = null)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.SequentialScan);
        Write(file, rowCount, seed, progress);
    }

    /// <summary>Writes the header and rows 0 to <paramref name="rowCount"/> - 1 of <paramref name="seed"/> to <paramref name="output"/>.</summary>
    /// <param name="output">The destination; left open.</param>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="seed">The generator seed.</param>
    /// <param name="progress">Receives the number of rows written so far, once per block.</param>
    /// <exception cref="ArgumentOutOfRangeException">The row count is negative or above <see cref="ProfileGenerator.MaxRowCount"/>.</exception>
    public static void Write(Stream output, long rowCount, ulong seed, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var blockCount = ProfileGenerator.BlockCount(rowCount);
        output.Write(Header);
        var generator = new ProfileGenerator(seed);
        var buffers = new ConcurrentBag<byte[]>();
        long written = 0;
        BlockPipeline.Run(
            blockCount,
            block =>
            {
                var buffer = buffers.TryTake(out var b) ? b : new byte[ProfileGenerator.BlockSize * 256];
                var rows = (int)Math.Min(ProfileGenerator.BlockSize, rowCount - ((long)block * ProfileGenerator.BlockSize));
                var length = EncodeBlock(generator, block, rows, ref buffer);
                return (buffer, length, rows);
            },
            (_, result) =>
            {
                output.Write(result.buffer, 0, result.length);
                buffers.Add(result.buffer);
                written += result.rows;
                progress?.Report(written);
            });
        output.Flush();
    }

    private static int EncodeBlock(ProfileGenerator generator, int block, int rows, ref byte[] buffer)
    {
        var cursor = generator.OpenCursor((uint)block * ProfileGenerator.BlockSize);
        var record = new ProfileRecord();
        var pos = 0;
        for (var i = 0; i < rows; i++)
        {
            if (buffer.Length - pos < MaxRowBytes)
                Array.Resize(ref buffer, buffer.Length * 2);
            cursor.Next(record);
            pos += EncodeRow(record, buffer.AsSpan(pos));
        }

        return pos;
    }

    private static int EncodeRow(ProfileRecord r, Span<byte> span)
    {
        var pos = 0;
        span[pos++] = (byte)'C';
        WritePadded10(span.Slice(pos, 10), (ulong)r.RowIdValue + 1);
        pos += 10;
        span[pos++] = (byte)',';
        Put(span, ref pos, GenderBytes[r.GenderCode]);
        PutInt(span, ref pos, r.AgeValue);
        Put(span, ref pos, ProvinceBytes[ProfileData.CityProvince[r.CityCode]]);
        Put(span, ref pos, CityBytes[r.CityCode]);
        Put(span, ref pos, PhoneBytes[r.PhoneCode]);
        PutOptional(span, ref pos, OccupationBytes, r.OccupationCode);
        PutOptional(span, ref pos, EducationBytes, r.EducationCode);
        Put(span, ref pos, MaritalBytes[r.MaritalCode]);
        Put(span, ref pos, r.MaritalCode != ProfileData.Married ? TrueBytes : FalseBytes);
        PutOptional(span, ref pos, IncomeBytes, r.IncomeCode);
        Put(span, ref pos, MemberBytes[r.MemberCode]);
        Put(span, ref pos, ChannelBytes[r.ChannelCode]);
        PutDate(span, ref pos, r.RegistrationDay);
        if (r.LastOrderDay >= 0)
            PutDate(span, ref pos, r.LastOrderDay);
        else
            span[pos++] = (byte)',';
        PutInt(span, ref pos, r.OrderCountValue);
        PutCents(span, ref pos, r.TotalSpendCentsValue);
        if (r.OrderCountValue > 0)
            PutCents(span, ref pos, r.AvgOrderCents);
        else
            span[pos++] = (byte)',';
        PutInt(span, ref pos, r.CommentCountValue);
        PutInt(span, ref pos, r.SessionsValue);
        Put(span, ref pos, r.CouponValue ? TrueBytes : FalseBytes);

        // Tags never contain ',', '"', '|' or line breaks, so the joined field needs no quoting.
        var first = true;
        for (var bits = r.InterestBits; bits != 0; bits &= bits - 1)
        {
            if (!first)
                span[pos++] = (byte)'|';
            first = false;
            var tag = InterestBytes[System.Numerics.BitOperations.TrailingZeroCount(bits)];
            tag.CopyTo(span[pos..]);
            pos += tag.Length;
        }

        span[pos++] = (byte)'\n';
        return pos;
    }

    // Each Put* writes the field followed by its comma; the last field is followed by the line end instead.
    private static void Put(Span<byte> span, ref int pos, byte[] value)
    {
        value.CopyTo(span[pos..]);
        pos += value.Length;
        span[pos++] = (byte)',';
    }

    private static void PutOptional(Span<byte> span, ref int pos, byte[][] values, int code)
    {
        if (code >= 0)
        {
            Put(span, ref pos, values[code]);
        }
        else
        {
            span[pos++] = (byte)',';
        }
    }

    private static void PutInt(Span<byte> span, ref int pos, int value)
    {
        value.TryFormat(span[pos..], out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        pos += n;
        span[pos++] = (byte)',';
    }

    private static void PutCents(Span<byte> span, ref int pos, long cents)
    {
        (cents / 100).TryFormat(span[pos..], out var n, default, System.Globalization.CultureInfo.InvariantCulture);
        pos += n;
        var fraction = (int)(cents % 100);
        span[pos++] = (byte)'.';
        span[pos++] = (byte)('0' + (fraction / 10));
        span[pos++] = (byte)('0' + (fraction % 10));
        span[pos++] = (byte)',';
    }

    private static void PutDate(Span<byte> span, ref int pos, int dayNumber)
    {
        var (year, month, day) = DateOnly.FromDayNumber(dayNumber);
        span[pos] = (byte)('0' + (year / 1000));
        span[pos + 1] = (byte)('0' + (year / 100 % 10));
        span[pos + 2] = (byte)('0' + (year / 10 % 10));
        span[pos + 3] = (byte)('0' + (year % 10));
        span[pos + 4] = (byte)'-';
        span[pos + 5] = (byte)('0' + (month / 10));
        span[pos + 6] = (byte)('0' + (month % 10));
        span[pos + 7] = (byte)'-';
        span[pos + 8] = (byte)('0' + (day / 10));
        span[pos + 9] = (byte)('0' + (day % 10));
        span[pos + 10] = (byte)',';
        pos += 11;
    }

    private static void WritePadded10(Span<byte> span, ulong value)
    {
        for (var i = 9; i >= 0; i--)
        {
            span[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static byte[][] Encode(string[] values) => values.Select(v => Encoding.UTF8.GetBytes(Quote(v))).ToArray();

    /// <summary>RFC 4180: a value with a comma, quote or line break is quoted, with inner quotes doubled.</summary>
    internal static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
