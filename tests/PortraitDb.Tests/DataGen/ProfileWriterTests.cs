using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using PortraitDb.DataGen;

namespace PortraitDb.Tests.DataGen;

/// <summary>The CSV and Parquet writers round-trip: what is read back matches the generator.</summary>
public sealed class ProfileWriterTests
{
    private const int Rows = 5_000;
    private const ulong Seed = 99;

    /// <summary>Splits CSV records on commas and line ends outside quotes, undoing RFC 4180 quoting.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add(fields);
                fields = [];
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.Empty(fields);
        return records;
    }

    [Fact]
    public void Csv_round_trips_through_a_quote_aware_parser()
    {
        using var stream = new MemoryStream();
        var reports = new List<long>();
        ProfileCsvWriter.Write(stream, Rows, Seed, new SyncProgress(reports.Add));
        var bytes = stream.ToArray();
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no BOM");
        var records = ParseCsv(Encoding.UTF8.GetString(bytes));

        Assert.Equal(ProfileSchema.Columns.Select(c => c.Name), records[0]);
        Assert.Equal(Rows + 1, records.Count);
        Assert.All(records, r => Assert.Equal(ProfileSchema.Columns.Count, r.Count));
        Assert.Equal(Rows, reports[^1]);

        var expected = new ProfileGenerator(Seed).Rows(Rows).Select(ProfileTestData.Row.Of).ToArray();
        for (var i = 0; i < Rows; i++)
        {
            var f = records[i + 1];
            var e = expected[i];
            Assert.Equal(e.CustomerId, f[0]);
            Assert.Equal(e.Gender, f[1]);
            Assert.Equal(e.Age.ToString(CultureInfo.InvariantCulture), f[2]);
            Assert.Equal(e.City, f[4]);
            Assert.Equal(e.Occupation ?? "", f[6]);
            Assert.Equal(e.Education ?? "", f[7]);
            Assert.Equal(e.Single ? "true" : "false", f[9]);
            Assert.Equal(e.IncomeBand ?? "", f[10]);
            Assert.Equal(e.RegistrationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f[13]);
            Assert.Equal(e.LastOrderDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", f[14]);
            Assert.Equal(e.TotalSpend.ToString("0.00", CultureInfo.InvariantCulture), f[16]);
            Assert.Equal(e.AvgOrderValue?.ToString("0.00", CultureInfo.InvariantCulture) ?? "", f[17]);
            Assert.Equal(e.Interests, f[21]);
        }
    }

    [Fact]
    public async Task Parquet_round_trips_with_parquet_net()
    {
        var path = Path.Combine(Path.GetTempPath(), $"profiles-{Guid.NewGuid():N}.parquet");
        try
        {
            var reports = new List<long>();
            ProfileParquetWriter.Write(path, Rows, Seed, new SyncProgress(reports.Add));
            Assert.Equal(Rows, reports[^1]);
            var expected = new ProfileGenerator(Seed).Rows(Rows).Select(ProfileTestData.Row.Of).ToArray();

            await using var reader = await ParquetReader.CreateAsync(path, new ParquetOptions { UseDateOnlyTypeForDates = true });
            Assert.Equal(Rows, reader.RowGroups.Sum(g => g.RowCount));
            Assert.Equal(ProfileSchema.Columns.Select(c => c.Name), reader.Schema.Fields.Select(f => f.Name));
            var fields = reader.Schema.DataFields;
            Assert.IsType<ListField>(reader.Schema.Fields[^1]);
            Assert.Equal(12, ((DecimalDataField)fields[16]).Precision);
            Assert.Equal(2, ((DecimalDataField)fields[16]).Scale);

            using var group = reader.OpenRowGroupReader(0);
            var ids = new string?[Rows];
            await group.ReadAsync(fields[0], ids.AsMemory());
            Assert.Equal(expected.Select(e => e.CustomerId), ids);

            // Read as nullable memory: the string overload turns NULL into "".
            var education = new ReadOnlyMemory<char>?[Rows];
            await group.ReadAsync<ReadOnlyMemory<char>>(fields[7], education.AsMemory());
            Assert.Equal(expected.Select(e => e.Education), education.Select(v => v?.ToString()));
            Assert.Equal(expected.Count(e => e.Education is null), group.GetStatistics(fields[7])!.NullCount);

            var ages = new int[Rows];
            await group.ReadAsync(fields[2], ages.AsMemory());
            Assert.Equal(expected.Select(e => e.Age), ages);

            var lastOrder = new DateOnly?[Rows];
            await group.ReadAsync<DateOnly>(fields[14], lastOrder.AsMemory());
            Assert.Equal(expected.Select(e => e.LastOrderDate), lastOrder);

            var avg = new decimal?[Rows];
            await group.ReadAsync<decimal>(fields[17], avg.AsMemory());
            Assert.Equal(expected.Select(e => e.AvgOrderValue), avg);

            var single = new bool[Rows];
            await group.ReadAsync(fields[9], single.AsMemory());
            Assert.Equal(expected.Select(e => e.Single), single);

            // Interests: a list column, read raw with its levels and regrouped per row.
            var total = expected.Sum(e => e.Interests.Split('|').Length);
            var tags = new ReadOnlyMemory<char>[total];
            var definition = new int[total];
            var repetition = new int[total];
            await group.ReadRawAsync<ReadOnlyMemory<char>>(fields[21], tags.AsMemory(), definition.AsMemory(), repetition.AsMemory());
            var lists = new List<string>();
            for (var i = 0; i < total; i++)
            {
                if (repetition[i] == 0)
                    lists.Add(tags[i].ToString());
                else
                    lists[^1] += "|" + tags[i].ToString();
            }

            Assert.Equal(expected.Select(e => e.Interests), lists);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so the list is complete on return.</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
