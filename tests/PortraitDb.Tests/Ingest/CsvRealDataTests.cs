using System.IO.Compression;
using PortraitDb.Ingest;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Ingest;

/// <summary>The reader on the real public datasets in ../shared/data; each file's README gives the expected shape.</summary>
public sealed class CsvRealDataTests
{
    private static (int Records, int MinFields, int MaxFields) Count(CsvTokenizer tokenizer, int skip = 0)
    {
        int records = 0, min = int.MaxValue, max = 0;
        while (tokenizer.TryRead(out var record))
        {
            if (skip-- > 0)
                continue;
            records++;
            min = Math.Min(min, record.FieldCount);
            max = Math.Max(max, record.FieldCount);
        }
        return (records, min, max);
    }

    private static CsvTokenizer Open(string path, CsvOptions options) => new(File.OpenRead(path), options, path);

    private static readonly CsvOptions Adult = new() { HasHeader = false, Delimiter = ", ", NullToken = "?" };

    [SkippableFact]
    public void Adult_census()
    {
        string path = SharedData.RequireData("adult/adult.data");
        using (var tokenizer = Open(path, Adult))
            Assert.Equal((32_561, 15, 15), Count(tokenizer));
        using (var tokenizer = Open(path, Adult))
        {
            Assert.True(tokenizer.TryRead(out var first));
            Assert.Equal("39", first.GetString(0));
            Assert.Equal("State-gov", first.GetString(1));
            Assert.Equal("<=50K", first.GetString(14));
            Assert.Equal(16, first.GetFieldColumn(2));
        }
        var schema = CsvSchemaInference.Infer(path, Adult);
        Assert.Equal(10_000, schema.SampledRows);
        Assert.Equal(ColumnType.Int32, schema.Types[0]);
        Assert.Equal(ColumnType.Category, schema.Types[1]);
        Assert.Equal(ColumnType.Int32, schema.Types[2]);
        Assert.Equal(ColumnType.Category, schema.Types[13]);
        Assert.Equal(ColumnType.Category, schema.Types[14]);

        string test = SharedData.RequireData("adult/adult.test");
        using (var tokenizer = Open(test, Adult))
        {
            Assert.True(tokenizer.TryRead(out var banner));
            Assert.Equal("|1x3 Cross validator", banner.GetString(0));
            Assert.Equal((16_281, 15, 15), Count(tokenizer));
        }
    }

    [SkippableFact]
    public void Bank_marketing_sequential_and_parallel()
    {
        string path = SharedData.RequireData("bank-marketing/bank-full.csv");
        var options = new CsvOptions { Delimiter = ";" };
        using (var tokenizer = Open(path, options))
            Assert.Equal((45_211, 17, 17), Count(tokenizer, skip: 1));
        var schema = CsvSchemaInference.Infer(path, options);
        Assert.Equal("age", schema.Names[0]);
        Assert.Equal("y", schema.Names[16]);
        Assert.Equal(ColumnType.Int32, schema.Types[0]);
        Assert.Equal(ColumnType.Category, schema.Types[1]);
        Assert.Equal(ColumnType.Bool, schema.Types[4]);
        Assert.Equal(ColumnType.Int32, schema.Types[5]);
        Assert.Equal(ColumnType.Bool, schema.Types[16]);
        long[] counts = CsvChunker.ParseParallel(path, options, 8, tokenizer =>
        {
            long n = 0;
            while (tokenizer.TryRead(out var record))
            {
                Assert.Equal(17, record.FieldCount);
                n++;
            }
            return n;
        });
        Assert.Equal(45_211, counts.Sum());
    }

    [SkippableFact]
    public void Cdnow_whitespace_separated()
    {
        string path = SharedData.RequireData("cdnow/CDNOW_master.txt");
        var options = new CsvOptions { WhitespaceDelimited = true };
        using (var tokenizer = Open(path, options))
            Assert.Equal((69_659, 4, 4), Count(tokenizer, skip: 1));
        var schema = CsvSchemaInference.Infer(path, options, overrides: new Dictionary<string, ColumnType> { ["dollar_value"] = ColumnType.Decimal(10, 2) });
        Assert.Equal(["customer_id", "date", "number_of_cds", "dollar_value"], schema.Names);
        Assert.Equal([ColumnType.Int32, ColumnType.Date, ColumnType.Int32, ColumnType.Decimal(10, 2)], schema.Types);
        using (var tokenizer = Open(path, options))
        {
            tokenizer.TryRead(out _);
            Assert.True(tokenizer.TryRead(out var first));
            Assert.True(ValueParser.TryParseDate(first[1], out int days));
            Assert.Equal(new DateOnly(1997, 1, 1), ValueParser.ToDate(days));
            Assert.True(ValueParser.TryParseDecimal(first[3], 2, out long cents));
            Assert.Equal(1177, cents);
            Assert.Equal(2, first.Line);
        }
    }

    [SkippableFact]
    public void Movielens_users_and_ratings()
    {
        string users = SharedData.RequireData("movielens-100k/u.user");
        var options = new CsvOptions { HasHeader = false, Delimiter = "|" };
        using (var tokenizer = Open(users, options))
            Assert.Equal((943, 5, 5), Count(tokenizer));
        var schema = CsvSchemaInference.Infer(users, options);
        Assert.Equal([ColumnType.Int32, ColumnType.Int32, ColumnType.Category, ColumnType.Category, ColumnType.Text], schema.Types);

        string ratings = SharedData.RequireData("movielens-100k/u.data");
        using (var tokenizer = Open(ratings, options with { Delimiter = "\t" }))
            Assert.Equal((100_000, 4, 4), Count(tokenizer));
    }

    [SkippableFact]
    public void Online_retail_gzip()
    {
        string path = SharedData.RequireData("online-retail/online-retail.csv.gz");
        int records = 0, emptyCustomer = 0, quotedWithComma = 0;
        using (var tokenizer = new CsvTokenizer(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), null, path))
        {
            Assert.True(tokenizer.TryRead(out var header));
            Assert.Equal("InvoiceNo", header.GetString(0));
            while (tokenizer.TryRead(out var record))
            {
                Assert.Equal(8, record.FieldCount);
                records++;
                if (record[6].IsEmpty)
                    emptyCustomer++;
                if (record.IsQuoted(2) && record[2].Contains((byte)','))
                    quotedWithComma++;
                Assert.True(ValueParser.TryParseTimestamp(record[4], out _), record.GetString(4));
            }
        }
        Assert.Equal(541_909, records);
        Assert.Equal(135_080, emptyCustomer);
        Assert.True(quotedWithComma > 0);

        using var sample = new CsvTokenizer(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), null, path);
        var schema = CsvSchemaInference.Infer(sample);
        Assert.Equal(ColumnType.Int32, schema.Types[3]);
        Assert.Equal(ColumnType.Timestamp, schema.Types[4]);
        Assert.Equal(ColumnType.Double, schema.Types[5]);
        Assert.Equal(ColumnType.Double, schema.Types[6]);
        Assert.Equal(ColumnType.Category, schema.Types[7]);
    }
}
