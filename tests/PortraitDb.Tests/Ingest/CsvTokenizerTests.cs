using System.Text;
using PortraitDb.Ingest;
using static PortraitDb.Tests.Ingest.CsvTestHelpers;

namespace PortraitDb.Tests.Ingest;

public sealed class CsvTokenizerTests
{
    [Fact]
    public void Simple_records_with_lf_and_crlf_and_no_final_newline()
    {
        foreach (string eol in new[] { "\n", "\r\n" })
        {
            var records = ParseAllSizes($"a,b,c{eol}1,2,3{eol}4,,6");
            Assert.Equal([["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]], Fields(records));
            Assert.Equal([1L, 2L, 3L], records.Select(r => r.Line));
            Assert.Equal(eol.Length == 1 ? [0L, 6L, 12L] : [0L, 7L, 14L], records.Select(r => r.Offset));
        }
    }

    [Fact]
    public void Empty_lines_are_skipped_but_counted()
    {
        var records = ParseAllSizes("\n\na,b\n\r\n\n1,2\n\n");
        Assert.Equal([["a", "b"], ["1", "2"]], Fields(records));
        Assert.Equal([3L, 6L], records.Select(r => r.Line));
    }

    [Fact]
    public void Quoted_fields_hold_delimiters_newlines_and_doubled_quotes()
    {
        var records = ParseAllSizes("id,note\n1,\"a,b\"\n2,\"line1\nline2\r\nline3\"\n3,\"say \"\"hi\"\"\"\n4,\"\"\n5,x\"y\n");
        Assert.Equal(
            [["id", "note"], ["1", "a,b"], ["2", "line1\nline2\r\nline3"], ["3", "say \"hi\""], ["4", ""], ["5", "x\"y"]],
            Fields(records));
        Assert.Equal([1L, 2L, 3L, 6L, 7L, 8L], records.Select(r => r.Line));
    }

    [Fact]
    public void Quoted_empty_field_is_marked_quoted_and_unquoted_is_not()
    {
        using var tokenizer = new CsvTokenizer(new MemoryStream("\"\",,\"x\"\n"u8.ToArray()), null, "t.csv");
        Assert.True(tokenizer.TryRead(out var record));
        Assert.Equal(3, record.FieldCount);
        Assert.True(record.IsQuoted(0));
        Assert.False(record.IsQuoted(1));
        Assert.True(record.IsQuoted(2));
        Assert.False(tokenizer.TryRead(out _));
    }

    [Fact]
    public void Field_index_out_of_range_is_an_argument_error_not_index_out_of_range()
    {
        using var tokenizer = new CsvTokenizer(new MemoryStream("a,b\n"u8.ToArray()), null, "t.csv");
        Assert.True(tokenizer.TryRead(out var record));
        bool threw = false;
        try
        {
            _ = record[2];
        }
        catch (ArgumentOutOfRangeException)
        {
            threw = true;
        }
        Assert.True(threw);
    }

    [Fact]
    public void Trailing_delimiter_gives_an_empty_last_field()
    {
        Assert.Equal([["a", "b", ""], ["", "", ""]], Fields(ParseAllSizes("a,b,\n,,\n")));
        Assert.Equal([["a", ""]], Fields(ParseAllSizes("a,")));
    }

    [Fact]
    public void Chinese_text_and_bom()
    {
        var records = ParseAllSizes("\uFEFF姓名,城市\n张三,\"北京,朝阳\"\n李四,上海\n");
        Assert.Equal([["姓名", "城市"], ["张三", "北京,朝阳"], ["李四", "上海"]], Fields(records));
        Assert.Equal(3, records[0].Offset);
    }

    [Fact]
    public void Multi_character_delimiter()
    {
        var options = new CsvOptions { Delimiter = ", ", HasHeader = false };
        var records = ParseAllSizes("39, State-gov, 77516\n50, a,b, ?\n", options);
        Assert.Equal([["39", "State-gov", "77516"], ["50", "a,b", "?"]], Fields(records));
        Assert.Equal([["a", "b", ""]], Fields(ParseAllSizes("a, b, ", options)));
        Assert.Equal([["a", "b,"]], Fields(ParseAllSizes("a, b,", options)));
        var triple = new CsvOptions { Delimiter = "::|" };
        Assert.Equal([["a", "b:|c", "d"]], Fields(ParseAllSizes("a::|b:|c::|d", triple)));
    }

    [Fact]
    public void Whitespace_delimited()
    {
        var options = new CsvOptions { WhitespaceDelimited = true };
        var records = ParseAllSizes(" customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n\t 00002\t19970112 1 12.00   \r\n   \r\n\"a b\"  c", options);
        Assert.Equal(
            [["customer_id", "date", "number_of_cds", "dollar_value"], ["00001", "19970101", "1", "11.77"], ["00002", "19970112", "1", "12.00"], ["a b", "c"]],
            Fields(records));
        Assert.Equal([1L, 2L, 3L, 5L], records.Select(r => r.Line));
    }

    [Fact]
    public void Quoting_disabled_treats_quotes_as_text()
    {
        var options = new CsvOptions { Quote = null };
        Assert.Equal([["\"a", "b\""]], Fields(ParseAllSizes("\"a,b\"\n", options)));
    }

    [Fact]
    public void Backslash_escape()
    {
        var options = new CsvOptions { Escape = '\\' };
        Assert.Equal([["say \"hi\"", "back\\slash", "x"]], Fields(ParseAllSizes("\"say \\\"hi\\\"\",\"back\\\\slash\",x\n", options)));
    }

    [Fact]
    public void Field_larger_than_the_buffer_grows_it()
    {
        string big = new('x', 5000);
        string quoted = string.Concat(Enumerable.Repeat("ab\"\"\n,", 900));
        var records = Parse($"1,{big}\n2,\"{quoted}\"\n", bufferSize: 64);
        Assert.Equal(big, records[0].Fields[1]);
        Assert.Equal(quoted.Replace("\"\"", "\"", StringComparison.Ordinal), records[1].Fields[1]);
        Assert.Equal(3L, records.Count + 1L);
    }

    [Fact]
    public void Record_over_the_maximum_size_is_a_clear_error()
    {
        var options = new CsvOptions { BufferSize = 64, MaxRecordBytes = 256 };
        using var tokenizer = new CsvTokenizer(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,\"" + new string('x', 1000))), options, "big.csv");
        Assert.True(tokenizer.TryRead(out _));
        var error = Assert.Throws<ImportException>(() => tokenizer.TryRead(out _));
        Assert.Equal(PortraitDbErrorKind.Constraint, error.Kind);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("big.csv:2:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_quote_names_line_and_column()
    {
        foreach (int size in new[] { 16, 1 << 20 })
        {
            var options = new CsvOptions { BufferSize = size };
            using var tokenizer = new CsvTokenizer(new MemoryStream("a,b\n1,2\n中文,\"open\nmore"u8.ToArray()), options, "/data/people.csv");
            Assert.True(tokenizer.TryRead(out _));
            Assert.True(tokenizer.TryRead(out _));
            var error = Assert.Throws<ImportException>(() => tokenizer.TryRead(out _));
            Assert.Equal(PortraitDbErrorKind.Syntax, error.Kind);
            Assert.Equal(3, error.Line);
            Assert.Equal(4, error.Column);
            Assert.Equal("/data/people.csv", error.FilePath);
            Assert.Equal("people.csv:3:4: unterminated quoted field", error.Message);
        }
    }

    [Fact]
    public void Text_after_closing_quote_is_an_error()
    {
        using var tokenizer = new CsvTokenizer(new MemoryStream("\"a\"b,c\n"u8.ToArray()), null, "t.csv");
        var error = Assert.Throws<ImportException>(() => tokenizer.TryRead(out _));
        Assert.Equal(1, error.Line);
        Assert.Equal(4, error.Column);
        Assert.Contains("'b,c'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_line_and_column_count_characters_and_quoted_line_breaks()
    {
        using var tokenizer = new CsvTokenizer(new MemoryStream("h1,h2,h3\n张三,\"x\ny\",李四,abc\n"u8.ToArray()), null, "people.csv");
        Assert.True(tokenizer.TryRead(out _));
        Assert.True(tokenizer.TryRead(out var record));
        Assert.Equal(2, record.Line);
        Assert.Equal(1, record.GetFieldColumn(0));
        Assert.Equal(4, record.GetFieldColumn(1));
        Assert.Equal(2, record.GetFieldLine(1));
        Assert.Equal(3, record.GetFieldLine(2));
        Assert.Equal(4, record.GetFieldColumn(2));
        Assert.Equal(7, record.GetFieldColumn(3));
        var error = record.InvalidValue(3, "age", "INT");
        Assert.Equal("people.csv:3:7: column 'age': 'abc' is not an INT", error.Message);
        Assert.Equal("abc", error.Value);
        Assert.Equal("age", error.ColumnName);
    }

    [Fact]
    public void Empty_input_has_no_records()
    {
        Assert.Empty(ParseAllSizes(""));
        Assert.Empty(ParseAllSizes("\n\r\n"));
        Assert.Empty(ParseAllSizes("\uFEFF"));
    }

    [Fact]
    public void Lone_cr_ends_records()
    {
        Assert.Equal([["a", "b"], ["c", "d"]], Fields(ParseAllSizes("a,b\rc,d\r")));
    }

    [Fact]
    public void Random_bytes_give_records_or_import_errors_only()
    {
        var random = new Random(42);
        byte[] alphabet = "a,\"\n\r ;\\中"u8.ToArray();
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] bytes = new byte[random.Next(0, 80)];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = random.Next(8) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            foreach (var options in new[] { CsvOptions.Default, new CsvOptions { Delimiter = ", ", Escape = '\\' }, new CsvOptions { WhitespaceDelimited = true } })
            {
                try
                {
                    using var tokenizer = new CsvTokenizer(new MemoryStream(bytes), options with { BufferSize = 16, MaxRecordBytes = 64 }, "fuzz.csv");
                    int guard = 0;
                    while (tokenizer.TryRead(out var record))
                    {
                        for (int i = 0; i < record.FieldCount; i++)
                        {
                            _ = record[i];
                            _ = record.GetFieldColumn(i);
                        }
                        Assert.True(++guard <= bytes.Length + 1);
                    }
                }
                catch (ImportException)
                {
                }
            }
        }
    }

    [Fact]
    public void Long_records_take_the_vector_path_with_the_same_results()
    {
        string a = new('a', 40), b = "北京朝阳区" + new string('b', 30);
        string text = $"{a},{b},x\r\n{a},\"{b},q\",y\n{a},mid\"quote,{b}\n{a}\r{b},z\n,,,{a},\n{a},{b}";
        var records = ParseAllSizes(text);
        Assert.Equal(
            [[a, b, "x"], [a, b + ",q", "y"], [a, "mid\"quote", b], [a], [b, "z"], ["", "", "", a, ""], [a, b]],
            Fields(records));
        Assert.Equal([1L, 2L, 3L, 4L, 4L, 5L, 6L], records.Select(r => r.Line));
        var semicolon = new CsvOptions { Delimiter = ";", Quote = null };
        Assert.Equal([[a + ",\"x", b]], Fields(ParseAllSizes($"{a},\"x;{b}\n", semicolon)));
    }

    [Fact]
    public void Skip_lines_drops_a_banner_before_the_header_and_keeps_line_numbers()
    {
        // The banner holds an unterminated quote and a different field count: skipped lines are not parsed.
        var options = new CsvOptions { SkipLines = 2 };
        var records = ParseAllSizes("|banner \"x\n\"a long second banner line, longer than sixteen bytes\na,b\n1,2\n", options);
        Assert.Equal([["a", "b"], ["1", "2"]], Fields(records));
        Assert.Equal([3L, 4L], records.Select(r => r.Line));
    }

    [Fact]
    public void Skip_lines_past_the_end_leaves_no_record_and_negative_is_rejected()
    {
        Assert.Empty(ParseAllSizes("one\ntwo", new CsvOptions { SkipLines = 5 }));
        Assert.Empty(ParseAllSizes("one\ntwo\n", new CsvOptions { SkipLines = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsvOptions { SkipLines = -1 }.Validate());
    }

    [Fact]
    public void Skip_lines_applies_to_schema_inference()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "|1x3 Cross validator\nage,name\n1,x\n2,y\n");
            var schema = CsvSchemaInference.Infer(path, new CsvOptions { SkipLines = 1 });
            Assert.Equal(["age", "name"], schema.Names);
            Assert.Equal(PortraitDb.Storage.ColumnType.Int32, schema.Types[0]);
            Assert.Equal(2, schema.SampledRows);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
