using System.Text;
using PortraitDb.Storage;

namespace PortraitDb.Ingest;

/// <summary>The columns of a delimited file as inferred from a sample.</summary>
/// <param name="Names">Column names: from the header (trimmed, made unique) or <c>column1..columnN</c>.</param>
/// <param name="Types">One type per column.</param>
/// <param name="SampledRows">The number of data records examined.</param>
public sealed record CsvSchema(IReadOnlyList<string> Names, IReadOnlyList<ColumnType> Types, int SampledRows);

/// <summary>
/// Infers column names and types from the first records of a delimited file.
/// </summary>
/// <remarks>
/// For each column the NULL token and empty fields are ignored; the remaining sample values choose the first type
/// that accepts all of them, in this order:
/// <list type="number">
/// <item>BOOL: every value is true/false/yes/no (any case). 0/1 are integers, and t/f or y/n are too easily letters.</item>
/// <item>DATE: every value is an 8-digit compact date (<c>yyyyMMdd</c>, years 1800-2199) — checked before INT so CDNOW's
/// dates are dates; any other 8-digit number fails the calendar check and stays an integer.</item>
/// <item>INT when every value fits 32 bits, else BIGINT.</item>
/// <item>DOUBLE.</item>
/// <item>DATE (the separated forms of <see cref="ValueParser.TryParseDate"/>).</item>
/// <item>TIMESTAMP.</item>
/// <item>CATEGORY when there are at most 1,000 distinct values and they are at most half of the non-null values
/// (so values repeat on average at least twice); else TEXT.</item>
/// </list>
/// A column with no non-null value in the sample is TEXT. Overrides by column name replace the inferred type.
/// </remarks>
public static class CsvSchemaInference
{
    /// <summary>The default number of data records sampled.</summary>
    public const int DefaultSampleRows = 10_000;

    /// <summary>The most distinct values a CATEGORY column may show in the sample.</summary>
    public const int MaxCategoryDistinct = 1_000;

    /// <summary>Infers the schema of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Its layout; null for the defaults.</param>
    /// <param name="sampleRows">How many data records to examine.</param>
    /// <param name="overrides">Types to use instead of inference, by column name (ordinal, case-insensitive).</param>
    /// <exception cref="ImportException">The sample is malformed or its records disagree on the number of fields.</exception>
    public static CsvSchema Infer(string path, CsvOptions? options = null, int sampleRows = DefaultSampleRows, IReadOnlyDictionary<string, ColumnType>? overrides = null) =>
        Infer(path, options, sampleRows, overrides, skipWrongFieldCount: false);

    /// <summary>As the public overload; with <paramref name="skipWrongFieldCount"/>, sample records whose field count differs from the first record's are ignored (an import that skips bad rows).</summary>
    internal static CsvSchema Infer(string path, CsvOptions? options, int sampleRows, IReadOnlyDictionary<string, ColumnType>? overrides, bool skipWrongFieldCount)
    {
        var stream = (options ?? CsvOptions.Default).OpenUtf8(path);
        using var tokenizer = new CsvTokenizer(stream, options, path);
        return Infer(tokenizer, sampleRows, overrides, skipWrongFieldCount);
    }

    /// <summary>Infers the schema from a tokenizer positioned at the start of the file (the header, when there is one).</summary>
    /// <param name="tokenizer">The source; it is read on by up to <paramref name="sampleRows"/> + 1 records.</param>
    /// <param name="sampleRows">How many data records to examine.</param>
    /// <param name="overrides">Types to use instead of inference, by column name (ordinal, case-insensitive).</param>
    /// <exception cref="ImportException">The sample is malformed or its records disagree on the number of fields.</exception>
    public static CsvSchema Infer(CsvTokenizer tokenizer, int sampleRows = DefaultSampleRows, IReadOnlyDictionary<string, ColumnType>? overrides = null) =>
        Infer(tokenizer, sampleRows, overrides, skipWrongFieldCount: false);

    private static CsvSchema Infer(CsvTokenizer tokenizer, int sampleRows, IReadOnlyDictionary<string, ColumnType>? overrides, bool skipWrongFieldCount)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleRows);
        var options = tokenizer.Options;
        byte[]? nullToken = options.NullTokenBytes;
        string[]? names = null;
        ColumnStats[]? stats = null;
        int sampled = 0;
        while (sampled < sampleRows && tokenizer.TryRead(out var record))
        {
            if (stats is null)
            {
                stats = new ColumnStats[record.FieldCount];
                for (int i = 0; i < stats.Length; i++)
                    stats[i] = new ColumnStats();
                if (options.HasHeader)
                {
                    names = HeaderNames(record);
                    continue;
                }
                names = DefaultNames(record.FieldCount);
            }
            if (record.FieldCount != stats.Length)
            {
                if (skipWrongFieldCount)
                    continue;
                throw record.Error(Math.Min(record.FieldCount, stats.Length),
                    $"expected {stats.Length} fields but found {record.FieldCount}");
            }
            for (int i = 0; i < stats.Length; i++)
            {
                var field = record[i];
                if (field.IsEmpty || (nullToken is not null && field.SequenceEqual(nullToken)))
                    continue;
                stats[i].Observe(field);
            }
            sampled++;
        }
        names ??= [];
        stats ??= [];
        var types = new ColumnType[names.Length];
        for (int i = 0; i < types.Length; i++)
        {
            types[i] = overrides is not null && TryGetOverride(overrides, names[i], out var forced) ? forced : stats[i].Decide();
        }
        return new CsvSchema(names, types, sampled);
    }

    private static bool TryGetOverride(IReadOnlyDictionary<string, ColumnType> overrides, string name, out ColumnType type)
    {
        if (overrides.TryGetValue(name, out type))
            return true;
        foreach (var (key, value) in overrides)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                type = value;
                return true;
            }
        }
        return false;
    }

    private static string[] HeaderNames(CsvRecord record)
    {
        var names = new string[record.FieldCount];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Length; i++)
        {
            string name = record.GetString(i).Trim();
            if (name.Length == 0)
                name = $"column{i + 1}";
            string unique = name;
            // Duplicate names would make columns unaddressable; number the later ones.
            for (int suffix = 2; !seen.Add(unique); suffix++)
                unique = $"{name}_{suffix}";
            names[i] = unique;
        }
        return names;
    }

    private static string[] DefaultNames(int count)
    {
        var names = new string[count];
        for (int i = 0; i < count; i++)
            names[i] = $"column{i + 1}";
        return names;
    }

    private sealed class ColumnStats
    {
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
        private bool _bool = true;
        private bool _compactDate = true;
        private bool _int32 = true;
        private bool _int64 = true;
        private bool _double = true;
        private bool _date = true;
        private bool _timestamp = true;
        private bool _tooManyDistinct;
        private int _nonNull;

        public void Observe(ReadOnlySpan<byte> field)
        {
            _nonNull++;
            if (_bool)
                _bool = ValueParser.IsBoolWord(field, out _);
            if (_compactDate)
                _compactDate = IsCompactDate(field);
            if (_int64)
            {
                _int64 = ValueParser.TryParseInt64(field, out long wide);
                _int32 = _int32 && _int64 && wide is >= int.MinValue and <= int.MaxValue;
            }
            if (_double && !_int64)
                _double = ValueParser.TryParseDouble(field, out _);
            if (_date)
                _date = ValueParser.TryParseDate(field, out _);
            if (_timestamp)
                _timestamp = ValueParser.TryParseTimestamp(field, out _);
            if (!_tooManyDistinct)
            {
                _distinct.Add(Encoding.UTF8.GetString(field));
                _tooManyDistinct = _distinct.Count > MaxCategoryDistinct;
            }
        }

        public ColumnType Decide()
        {
            if (_nonNull == 0)
                return ColumnType.Text;
            if (_bool)
                return ColumnType.Bool;
            if (_compactDate)
                return ColumnType.Date;
            if (_int32)
                return ColumnType.Int32;
            if (_int64)
                return ColumnType.Int64;
            if (_double)
                return ColumnType.Double;
            if (_date)
                return ColumnType.Date;
            if (_timestamp)
                return ColumnType.Timestamp;
            return !_tooManyDistinct && _distinct.Count * 2L <= _nonNull ? ColumnType.Category : ColumnType.Text;
        }

        private static bool IsCompactDate(ReadOnlySpan<byte> field)
        {
            if (field.Length != 8 || field[0] is not ((byte)'1' or (byte)'2'))
                return false;
            if (!ValueParser.TryParseDate(field, out int days))
                return false;
            int year = ValueParser.ToDate(days).Year;
            return year is >= 1800 and < 2200;
        }
    }
}
