using System.Text.Json;
using PortraitDb.Cli.Output;
using PortraitDb.Query;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Cli;

public sealed class ResultWriterTests
{
    private static readonly ResultColumn[] Columns =
    [
        new("name", ColumnType.Text), new("n", ColumnType.Int64), new("spend", ColumnType.Decimal(10, 2)),
        new("share", ColumnType.Double), new("tags", ColumnType.Tags), new("day", ColumnType.Date), new("ok", ColumnType.Bool),
    ];

    private static readonly List<object?[]> Rows =
    [
        ["plain", 1234567L, 1234.5m, 0.25, new[] { "a", "b" }, new DateOnly(2026, 1, 5), true],
        ["comma, \"quoted\"\nline", null, null, null, Array.Empty<string>(), null, null],
        ["", -3L, 0.05m, double.NaN, new[] { "x" }, null, false],
    ];

    private static string Write(OutputMode mode, IReadOnlyList<ResultColumn>? columns = null, IReadOnlyList<object?[]>? rows = null)
    {
        var writer = new StringWriter();
        ResultWriter.Write(Consoles.Create(writer, isTerminal: false), mode, columns ?? Columns, rows ?? Rows);
        return writer.ToString();
    }

    [Fact]
    public void Csv_has_a_header_and_quotes_as_rfc_4180_says()
    {
        string csv = Write(OutputMode.Csv);
        Assert.Equal(
            "name,n,spend,share,tags,day,ok\n" +
            "plain,1234567,1234.50,0.25,a|b,2026-01-05,true\n" +
            "\"comma, \"\"quoted\"\"\nline\",,,,\"\",,\n" +
            "\"\",-3,0.05,NaN,x,,false\n",
            csv);
    }

    [Fact]
    public void Json_is_an_array_of_objects_with_typed_values()
    {
        string json = Write(OutputMode.Json);
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(1234567, rows[0].GetProperty("n").GetInt64());
        Assert.Equal(1234.50m, rows[0].GetProperty("spend").GetDecimal());
        Assert.Equal(["a", "b"], rows[0].GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
        Assert.Equal("2026-01-05", rows[0].GetProperty("day").GetString());
        Assert.True(rows[0].GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("n").ValueKind);
        Assert.Equal("comma, \"quoted\"\nline", rows[1].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, rows[2].GetProperty("share").ValueKind); // NaN has no JSON form
        Assert.Contains("\"name\":\"plain\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_keeps_chinese_text_readable_and_names_repeated_columns_apart()
    {
        string json = Write(OutputMode.Json, [new("city", ColumnType.Category), new("n", ColumnType.Int64), new("n", ColumnType.Int64)], [["北京", 1L, 2L]]);
        Assert.Equal("[\n{\"city\":\"北京\",\"n\":1,\"n_2\":2}\n]\n", json);
        Assert.Equal("[]\n", Write(OutputMode.Json, Columns, []));
    }

    [Fact]
    public void Tables_right_align_numbers_with_thousands_separators()
    {
        string table = Write(OutputMode.Table);
        var lines = table.Split('\n');
        string plain = lines.Single(line => line.Contains("plain", StringComparison.Ordinal));
        Assert.Contains("│ 1,234,567 │", plain, StringComparison.Ordinal);
        Assert.Contains("│ 1,234.50 │", plain, StringComparison.Ordinal);
        string negative = lines.Single(line => line.Contains("-3", StringComparison.Ordinal));
        Assert.Matches(@"│\s+-3 │", negative);
        Assert.Matches(@"│\s+0\.05 │", negative);
        Assert.Contains("NULL", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_for_people_and_for_tools()
    {
        Assert.Equal("1,234,567", ValueText.ForDisplay(1234567L, ColumnType.Int64));
        Assert.Equal("3.10", ValueText.ForDisplay(3.10m, ColumnType.Decimal(10, 2)));
        Assert.Equal("3.10", ValueText.ForDisplay(3.1m, ColumnType.Decimal(10, 2)));
        Assert.Equal("3.10", ValueText.ForData(3.1m, ColumnType.Decimal(10, 2)));
        Assert.Equal("12,345.678901", ValueText.ForDisplay(12345.6789012, ColumnType.Double));
        Assert.Equal("1.5E-05", ValueText.ForDisplay(0.000015, ColumnType.Double));
        Assert.Equal("1234567", ValueText.ForData(1234567L, ColumnType.Int64));
        Assert.Equal("12345.6789012", ValueText.ForData(12345.6789012, ColumnType.Double));
    }

    [Fact]
    public void A_breakdown_is_drawn_as_bars_longest_for_the_largest_count()
    {
        string chart = Write(OutputMode.Chart, [new("city", ColumnType.Category), new("n", ColumnType.Int64)], [["北京", 1000L], ["上海", 500L]]);
        var lines = chart.Split('\n');
        string beijing = lines.Single(line => line.Contains("北京", StringComparison.Ordinal));
        string shanghai = lines.Single(line => line.Contains("上海", StringComparison.Ordinal));
        Assert.Contains("1,000", beijing, StringComparison.Ordinal);
        int shanghaiBar = shanghai.Count(character => character == '█');
        Assert.InRange(beijing.Count(character => character == '█'), 2 * shanghaiBar - 3, 2 * shanghaiBar + 3);
        Assert.Contains("n by city", chart, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_that_is_not_a_breakdown_is_charted_as_a_table()
    {
        string output = Write(OutputMode.Chart, [new("a", ColumnType.Text), new("b", ColumnType.Text)], [["x", "y"]]);
        Assert.Contains("shown as a table", output, StringComparison.Ordinal);
        Assert.Contains("│ x ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_result_is_cut_on_screen_and_the_footer_says_so()
    {
        var rows = Enumerable.Range(0, ResultWriter.MaxDisplayedRows + 5).Select(row => new object?[] { (long)row }).ToList();
        var writer = new StringWriter();
        int shown = ResultWriter.Write(Consoles.Create(writer, isTerminal: false), OutputMode.Table, [new("n", ColumnType.Int64)], rows);
        Assert.Equal(ResultWriter.MaxDisplayedRows, shown);
        Assert.Contains("1,005 rows, first 1,000 shown", ResultWriter.Footer(rows.Count, shown, null), StringComparison.Ordinal);
        Assert.Equal("1 row in 1.5 ms", ResultWriter.Footer(1, 1, TimeSpan.FromMilliseconds(1.5)));
        Assert.Equal("3 rows in 2.50 s", ResultWriter.Footer(3, 3, TimeSpan.FromSeconds(2.5)));
    }
}
