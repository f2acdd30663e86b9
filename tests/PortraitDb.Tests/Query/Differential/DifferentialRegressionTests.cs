using PortraitDb.Storage;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>Minimal cases of engine bugs the differential test found, one per bug.</summary>
public sealed class DifferentialRegressionTests
{
    // A chunk grows only when a value is stored, so a segment whose last rows are NULL has a shorter chunk than rows.
    private const int RowsPastFirstChunk = 1_025;

    private static PortraitDatabase TableWithTrailingNulls(int rows, int valuedRows)
    {
        var database = PortraitDatabase.CreateInMemory();
        var table = database.CreateTable("t", new TableSchema(
            new ColumnDefinition("id", ColumnType.Text, IsKey: true),
            new ColumnDefinition("age", ColumnType.Int32),
            new ColumnDefinition("city", ColumnType.Category)));
        using var appender = table.CreateAppender();
        for (int row = 0; row < rows; row++)
        {
            appender.Append($"c{row}");
            if (row < valuedRows)
                appender.Append(row).Append("北京");
            else
                appender.AppendNull().AppendNull();
            appender.EndRow();
        }
        appender.Commit();
        return database;
    }

    [Fact]
    public void A_scan_over_a_column_whose_last_rows_are_null_does_not_read_past_the_chunk()
    {
        using var database = TableWithTrailingNulls(RowsPastFirstChunk, valuedRows: 0);
        Assert.Equal(0L, database.Execute("SELECT COUNT(*) FROM t WHERE age > 5").Scalar());
        using var someValues = TableWithTrailingNulls(RowsPastFirstChunk, valuedRows: 10);
        Assert.Equal(4L, someValues.Execute("SELECT COUNT(*) FROM t WHERE age > 5").Scalar());
        Assert.Equal(9L, someValues.Execute("SELECT COUNT(*) FROM t WHERE age <> 3").Scalar());
    }

    [Fact]
    public void Grouping_by_a_category_whose_last_rows_are_null_does_not_read_past_the_chunk()
    {
        using var database = TableWithTrailingNulls(RowsPastFirstChunk, valuedRows: 10);
        var result = database.Execute("SELECT city, COUNT(age) FROM t GROUP BY city ORDER BY city");
        Assert.Equal(2, result.RowCount);
        Assert.Equal(["北京", 10L], result.Rows[0]);
        Assert.Equal([null, 0L], result.Rows[1]);
    }

    [Fact]
    public void Grouping_by_a_plain_column_before_a_category_hashes_instead_of_failing()
    {
        using var database = TableWithTrailingNulls(3, valuedRows: 2);
        var result = database.Execute("SELECT age, city, COUNT(*) FROM t GROUP BY age, city ORDER BY age");
        Assert.Equal(3, result.RowCount);
        Assert.Equal([0L, "北京", 1L], result.Rows[0]);
        Assert.Equal([null, null, 1L], result.Rows[2]);
    }

    [Fact]
    public void Counting_by_category_ignores_dictionary_values_left_by_a_rolled_back_transaction()
    {
        using var database = TableWithTrailingNulls(5_000, valuedRows: 5_000);
        var table = database.GetTable("t");
        using (var transaction = table.BeginTransaction())
            transaction.Insert("ghost-row", 1, "ghost");
        table.Delete("c0");
        var result = database.Execute("SELECT city, COUNT(*) FROM t GROUP BY city");
        Assert.Equal(1, result.RowCount);
        Assert.Equal(["北京", 4_999L], result.Rows[0]);
    }

    [Fact]
    public void Sum_distinct_of_integers_beyond_64_bits_is_a_double_like_sum()
    {
        using var database = PortraitDatabase.CreateInMemory();
        database.Execute("CREATE TABLE t (id TEXT KEY, visits BIGINT)");
        database.Execute("INSERT INTO t VALUES ('a', 9223372036854775807), ('b', 1), ('c', 1)");
        Assert.Equal(9223372036854775808.0, database.Execute("SELECT SUM(visits) FROM t").Scalar());
        Assert.Equal(9223372036854775808.0, database.Execute("SELECT SUM(DISTINCT visits) FROM t").Scalar());
    }
}
