using PortraitDb.DataGen;
using PortraitDb.Ingest;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Ingest;

public sealed class ParquetImportTests : IDisposable
{
    private const int Rows = 70_000;
    private const ulong Seed = 11;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portraitdb-{Guid.NewGuid():N}.parquet");

    public ParquetImportTests() => ProfileParquetWriter.Write(_path, Rows, Seed);

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_parquet_file_imports_into_a_new_table_with_the_same_values_as_the_appender()
    {
        using var database = PortraitDatabase.CreateInMemory();
        var report = ParquetImporter.Import(database, _path, "imported", new ImportOptions { Key = "customer_id" });
        var expected = ProfileTableLoader.CreateAndFill(database, "expected", Rows, Seed).GetSnapshot();
        var actual = database.GetTable("imported").GetSnapshot();

        Assert.Equal(Rows, report.RowsImported);
        Assert.Equal(Rows, actual.RowCount);
        Assert.Equal(expected.Schema.Columns.Select(column => column.Type), actual.Schema.Columns.Select(column => column.Type));
        Assert.Equal("customer_id", actual.Schema.Key!.Name);
        // Every row's age and average order value: a required and a nullable number, the two read paths.
        for (uint row = 0; row < Rows; row++)
        {
            Assert.Equal(expected.GetValue(row, "age"), actual.GetValue(row, "age"));
            Assert.Equal(expected.GetValue(row, "avg_order_value"), actual.GetValue(row, "avg_order_value"));
        }
        foreach (uint row in new uint[] { 0, 1, 4095, 65_535, 65_536, Rows - 1 })
        {
            var expectedRow = expected.GetRow(row);
            var actualRow = actual.GetRow(row);
            for (int column = 0; column < expectedRow.Length; column++)
            {
                if (expectedRow[column] is string[] tags)
                    Assert.Equal(tags, (string[])actualRow[column]!);
                else
                    Assert.True(Equals(expectedRow[column], actualRow[column]), $"row {row}, column {expected.Schema.Columns[column].Name}: {expectedRow[column]} vs {actualRow[column]}");
            }
        }
        foreach (string city in new[] { "北京", "上海", "广州" })
            Assert.Equal(expected.GetRowsWithValue("city", city), actual.GetRowsWithValue("city", city));
        Assert.Equal(expected.GetRowsWithValue("interests", "travel"), actual.GetRowsWithValue("interests", "travel"));
        Assert.Equal(expected.GetNullRows("last_order_date"), actual.GetNullRows("last_order_date"));
    }

    [Fact]
    public void A_duplicate_key_rolls_back_an_import_into_an_existing_table()
    {
        using var database = PortraitDatabase.CreateInMemory();
        var table = database.CreateTable("profiles", ProfileTableLoader.TableSchema);
        table.Insert(ProfileRow(Rows - 1));

        var error = Assert.Throws<ImportException>(() => ParquetImporter.Import(database, _path, "profiles"));

        Assert.Equal(Rows, error.Line);
        Assert.Equal("customer_id", error.ColumnName);
        Assert.Equal(1, table.RowCount);
    }

    [Fact]
    public void A_file_that_is_not_parquet_gives_a_clear_error_and_creates_nothing()
    {
        using var database = PortraitDatabase.CreateInMemory();
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-{Guid.NewGuid():N}.parquet");
        File.WriteAllText(path, "id,name\n1,a\n");
        try
        {
            var error = Assert.Throws<PortraitDbException>(() => ParquetImporter.Import(database, path, "t"));
            Assert.Equal(PortraitDbErrorKind.Io, error.Kind);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.False(database.TryGetTable("t", out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static object?[] ProfileRow(uint rowId)
    {
        var record = new ProfileRecord();
        new ProfileGenerator(Seed).Generate(rowId, record);
        return
        [
            record.CustomerId, record.Gender, record.Age, record.Province, record.City, record.PhoneBrand, record.Occupation,
            record.Education, record.MaritalStatus, record.Single, record.IncomeBand, record.MemberLevel, record.Channel,
            record.RegistrationDate, record.LastOrderDate, record.OrderCount, record.TotalSpend, record.AvgOrderValue,
            record.CommentCount, record.AppSessions30d, record.CouponUse, record.Interests.ToArray(),
        ];
    }
}
