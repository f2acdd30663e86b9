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
}
