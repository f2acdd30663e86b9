using System.Text;
using PortraitDb.Ingest;

namespace PortraitDb.Tests.Ingest;

/// <summary>A tokenized record copied out of the tokenizer, for comparisons.</summary>
internal sealed record ParsedRecord(long Line, long Offset, string[] Fields)
{
    public bool Equals(ParsedRecord? other) =>
        other is not null && Line == other.Line && Offset == other.Offset && Fields.AsSpan().SequenceEqual(other.Fields);

    public override int GetHashCode() => HashCode.Combine(Line, Offset, Fields.Length);

    public override string ToString() => $"{Line}@{Offset}: [{string.Join(" | ", Fields)}]";
}

internal static class CsvTestHelpers
{
    public static List<ParsedRecord> ReadAll(CsvTokenizer tokenizer)
    {
        var records = new List<ParsedRecord>();
        while (tokenizer.TryRead(out var record))
        {
            var fields = new string[record.FieldCount];
            for (int i = 0; i < fields.Length; i++)
                fields[i] = record.GetString(i);
            records.Add(new ParsedRecord(record.Line, record.ByteOffset, fields));
        }
        return records;
    }

    public static List<ParsedRecord> Parse(string text, CsvOptions? options = null, int bufferSize = CsvOptions.DefaultBufferSize)
    {
        options ??= CsvOptions.Default;
        options = options with { BufferSize = bufferSize, MaxRecordBytes = Math.Max(options.MaxRecordBytes, bufferSize) };
        using var tokenizer = new CsvTokenizer(new MemoryStream(Encoding.UTF8.GetBytes(text)), options, "test.csv");
        return ReadAll(tokenizer);
    }

    /// <summary>Parses with several buffer sizes, so every record straddles a refill somewhere, and checks they agree.</summary>
    public static List<ParsedRecord> ParseAllSizes(string text, CsvOptions? options = null)
    {
        var expected = Parse(text, options);
        foreach (int size in new[] { 16, 17, 19, 23, 64, 100 })
            Assert.Equal(expected, Parse(text, options, size));
        return expected;
    }

    public static string[][] Fields(List<ParsedRecord> records) => records.Select(r => r.Fields).ToArray();
}
