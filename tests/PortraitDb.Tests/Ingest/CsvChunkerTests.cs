using System.Text;
using FsCheck.Xunit;
using PortraitDb.Ingest;
using static PortraitDb.Tests.Ingest.CsvTestHelpers;

namespace PortraitDb.Tests.Ingest;

public sealed class CsvChunkerTests
{
    private static readonly string[] Pieces = ["a", "b", "中文", "x,y", "\"", "\"\"", "\n", "\r\n", " ", ", ", "1", "23", "", "北京,朝阳"];

    private static string RandomField(Random random)
    {
        var text = new StringBuilder();
        int parts = random.Next(0, 4);
        for (int i = 0; i < parts; i++)
            text.Append(Pieces[random.Next(Pieces.Length)]);
        return text.ToString();
    }

    private static string RandomCsv(int seed, string delimiter, out int fieldCount)
    {
        var random = new Random(seed);
        fieldCount = random.Next(1, 6);
        int rows = random.Next(0, 400);
        string eol = random.Next(2) == 0 ? "\n" : "\r\n";
        var text = new StringBuilder();
        for (int row = 0; row <= rows; row++)
        {
            for (int f = 0; f < fieldCount; f++)
            {
                if (f > 0)
                    text.Append(delimiter);
                string field = RandomField(random);
                bool mustQuote = field.Length == 0 || field.Contains('"', StringComparison.Ordinal) || field.Contains('\n', StringComparison.Ordinal)
                    || field.Contains('\r', StringComparison.Ordinal) || field.Contains(delimiter, StringComparison.Ordinal);
                text.Append(mustQuote ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
            }
            if (row < rows || random.Next(2) == 0)
                text.Append(eol);
            if (random.Next(30) == 0)
                text.Append(eol);
        }
        return text.ToString();
    }

    private static List<ParsedRecord> Sequential(string path, CsvOptions options)
    {
        using var tokenizer = new CsvTokenizer(File.OpenRead(path), options, path);
        var records = ReadAll(tokenizer);
        if (options.HasHeader && records.Count > 0)
            records.RemoveAt(0);
        return records;
    }

    private static List<ParsedRecord> Parallel(string path, CsvOptions options, int chunks) =>
        CsvChunker.ParseParallel(path, options, chunks, ReadAll).SelectMany(r => r).ToList();

    [Property(MaxTest = 60)]
    public void Chunked_parse_equals_sequential_parse(int seed)
    {
        string delimiter = new[] { ",", ", ", ";" }[(seed & 0x7fffffff) % 3];
        string csv = RandomCsv(seed, delimiter, out _);
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-chunk-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, csv, new UTF8Encoding(false));
            var options = new CsvOptions { Delimiter = delimiter, BufferSize = 64, HasHeader = seed % 2 == 0 };
            var expected = Sequential(path, options);
            foreach (int chunks in new[] { 1, 2, 3, 7, 16 })
                Assert.Equal(expected, Parallel(path, options, chunks));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_quoted_field_that_looks_like_records_fools_the_probe_but_not_the_result()
    {
        // The quoted note holds lines shaped exactly like records, so the trial parse accepts a false boundary.
        var text = new StringBuilder("id,note\n");
        text.Append("1,\"");
        for (int i = 0; i < 2000; i++)
            text.Append("fake").Append(i).Append(",row\n");
        text.Append("end\"\n");
        for (int i = 2; i < 200; i++)
            text.Append(i).Append(",plain\n");
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-fool-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, text.ToString());
            var options = new CsvOptions { BufferSize = 256 };
            var chunks = CsvChunker.Split(path, options, 4);
            Assert.True(chunks.Count > 1);
            var expected = Sequential(path, options);
            Assert.Equal(199, expected.Count);
            Assert.Equal(expected, Parallel(path, options, 4));
            Assert.Equal(expected, Parallel(path, options, 13));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Chunk_line_numbers_come_from_counting_line_feeds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-lines-{Guid.NewGuid():N}.csv");
        try
        {
            var text = new StringBuilder("a,b\n");
            for (int i = 0; i < 5000; i++)
                text.Append(i).Append(i % 10 == 0 ? ",\"x\ny\"\n" : ",z\n");
            File.WriteAllText(path, text.ToString());
            var chunks = CsvChunker.Split(path, null, 5);
            Assert.Equal(5, chunks.Count);
            Assert.Equal(2, chunks[0].FirstLine);
            foreach (var chunk in chunks.Skip(1))
                Assert.Equal(1 + CsvChunker.CountLineFeeds(path, 0, chunk.Start), chunk.FirstLine);
            Assert.Equal(new FileInfo(path).Length, chunks[^1].End);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_earliest_real_error_is_reported()
    {
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-err-{Guid.NewGuid():N}.csv");
        try
        {
            var text = new StringBuilder("a,b\n");
            for (int i = 0; i < 3000; i++)
                text.Append(i).Append(",v\n");
            text.Append("x,\"bad\"junk\n");
            for (int i = 0; i < 3000; i++)
                text.Append(i).Append(",w\n");
            File.WriteAllText(path, text.ToString());
            var error = Assert.Throws<ImportException>(() => CsvChunker.ParseParallel(path, null, 6, ReadAll));
            Assert.Equal(3002, error.Line);
            Assert.Equal(8, error.Column);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
