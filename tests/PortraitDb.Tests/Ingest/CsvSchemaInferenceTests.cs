using System.Text;
using PortraitDb.Ingest;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Ingest;

public sealed class CsvSchemaInferenceTests
{
    private static CsvSchema Infer(string text, CsvOptions? options = null, int sampleRows = CsvSchemaInference.DefaultSampleRows, IReadOnlyDictionary<string, ColumnType>? overrides = null)
    {
        using var tokenizer = new CsvTokenizer(new MemoryStream(Encoding.UTF8.GetBytes(text)), options, "infer.csv");
        return CsvSchemaInference.Infer(tokenizer, sampleRows, overrides);
    }

    [Fact]
    public void Each_rule_picks_its_type()
    {
        var text = new StringBuilder(" id , flag,small,big,ratio,day,compact,at,city,note,empty,onezero\n");
        for (int i = 0; i < 40; i++)
        {
            text.Append(i).Append(',')
                .Append(i % 2 == 0 ? "Yes" : "no").Append(',')
                .Append(i - 20).Append(',')
                .Append(i == 3 ? "5000000000" : "7").Append(',')
                .Append(i == 5 ? "2" : "2.5").Append(',')
                .Append($"2024-01-{i % 28 + 1:00}").Append(',')
                .Append($"199701{i % 28 + 1:00}").Append(',')
                .Append($"2024/01/02 10:{i:00}").Append(',')
                .Append(i % 3 == 0 ? "北京" : "Paris").Append(',')
                .Append("note ").Append(i).Append(',')
                .Append(',')
                .Append(i % 2).Append('\n');
        }
        var schema = Infer(text.ToString());
        Assert.Equal(["id", "flag", "small", "big", "ratio", "day", "compact", "at", "city", "note", "empty", "onezero"], schema.Names);
        Assert.Equal(
            [ColumnType.Int32, ColumnType.Bool, ColumnType.Int32, ColumnType.Int64, ColumnType.Double, ColumnType.Date, ColumnType.Date,
             ColumnType.Timestamp, ColumnType.Category, ColumnType.Text, ColumnType.Text, ColumnType.Int32],
            schema.Types);
        Assert.Equal(40, schema.SampledRows);
    }

    [Fact]
    public void Null_token_and_empty_fields_are_ignored()
    {
        var options = new CsvOptions { NullToken = "?" };
        var schema = Infer("a,b\n1,?\n?,2\n,3\n4,\n", options);
        Assert.Equal([ColumnType.Int32, ColumnType.Int32], schema.Types);
    }

    [Fact]
    public void Category_needs_repeats_and_at_most_a_thousand_values()
    {
        var half = new StringBuilder("c\n");
        for (int i = 0; i < 10; i++)
            half.Append("v").Append(i % 5).Append('\n');
        Assert.Equal(ColumnType.Category, Infer(half.ToString()).Types[0]);

        var unique = new StringBuilder("c\n");
        for (int i = 0; i < 10; i++)
            unique.Append("v").Append(i % 6).Append('\n');
        Assert.Equal(ColumnType.Text, Infer(unique.ToString()).Types[0]);

        var many = new StringBuilder("c\n");
        for (int i = 0; i < 5000; i++)
            many.Append("v").Append(i % 1001).Append('\n');
        Assert.Equal(ColumnType.Text, Infer(many.ToString()).Types[0]);
    }

    [Fact]
    public void Sample_size_limits_what_is_seen()
    {
        var schema = Infer("n\n1\n2\nx\n", sampleRows: 2);
        Assert.Equal(ColumnType.Int32, schema.Types[0]);
        Assert.Equal(2, schema.SampledRows);
    }

    [Fact]
    public void No_header_gives_default_names_and_overrides_apply()
    {
        var options = new CsvOptions { HasHeader = false };
        var overrides = new Dictionary<string, ColumnType> { ["COLUMN2"] = ColumnType.Decimal(10, 2) };
        var schema = Infer("1,2.5\n2,3.5\n", options, overrides: overrides);
        Assert.Equal(["column1", "column2"], schema.Names);
        Assert.Equal([ColumnType.Int32, ColumnType.Decimal(10, 2)], schema.Types);
    }

    [Fact]
    public void Duplicate_and_empty_header_names_are_made_unique()
    {
        var schema = Infer("a,A, ,a\n1,2,3,4\n");
        Assert.Equal(["a", "A_2", "column3", "a_3"], schema.Names);
    }

    [Fact]
    public void Ragged_record_is_an_error_with_its_location()
    {
        var error = Assert.Throws<ImportException>(() => Infer("a,b\n1,2\n3,4,5\n"));
        Assert.Equal(3, error.Line);
        Assert.Equal(5, error.Column);
        Assert.Contains("expected 2 fields but found 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_one_is_int_and_bool_words_are_bool()
    {
        Assert.Equal([ColumnType.Int32, ColumnType.Bool], Infer("x,y\n0,TRUE\n1,false\n").Types);
    }
}
