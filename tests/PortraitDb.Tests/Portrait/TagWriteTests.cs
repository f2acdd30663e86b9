using PortraitDb.Query;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Portrait;

/// <summary>Tags through the host API: what a row holds, what is refused, and a commit whose tags cannot be computed.</summary>
public sealed class TagWriteTests
{
    private static (PortraitDatabase Database, Table Table) Customers()
    {
        var database = PortraitDatabase.CreateInMemory();
        database.Execute("CREATE TABLE customers (id BIGINT KEY, age INT, note TEXT)");
        database.Execute("INSERT INTO customers VALUES (1, 25, '7'), (2, 40, '3')");
        database.Execute("CREATE TAG young ON customers AS age < 30");
        database.Execute("CREATE TAG band ON customers AS CASE WHEN age < 30 THEN 'young' ELSE 'older' END");
        return (database, database.GetTable("customers"));
    }

    [Fact]
    public void Rows_are_written_with_the_stored_columns_and_tags_follow()
    {
        var (database, table) = Customers();
        using var _ = database;
        Assert.Equal(["id", "age", "note"], table.Schema.StoredColumns.Select(column => column.Name));
        Assert.True(table.Schema.Columns[3].IsDerived);
        Assert.Equal("age < 30", table.Schema.Columns[3].Derivation);

        table.Insert(3L, 19, null);                          // the stored columns only
        table.Upsert(2L, 22, "x", null, null);              // every column, the tags NULL
        table.Update(1L, "age", 50);
        using (var appender = table.CreateAppender())
        {
            Assert.Equal(3, appender.Columns.Count);
            appender.Append(4L).Append(70).AppendNull().EndRow();
            appender.Commit();
        }
        var result = database.Execute("SELECT id, young, band FROM customers ORDER BY id");
        Assert.Equal(
            [[1L, false, "older"], [2L, true, "young"], [3L, true, "young"], [4L, false, "older"]],
            result.Rows.Select(row => row.ToArray()).ToArray());
    }

    [Fact]
    public void A_tag_cannot_be_written()
    {
        var (database, table) = Customers();
        using var _ = database;
        var error = Assert.ThrowsAny<PortraitDbException>(() => table.Update(1L, "young", false));
        Assert.Contains("Column 'young' is a tag computed from age < 30; it cannot be written", error.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<PortraitDbException>(() => table.Upsert(5L, 30, null, true, null));
        Assert.ThrowsAny<PortraitDbException>(() => table.Insert(5L, 30));
        using var transaction = table.BeginTransaction();
        Assert.ThrowsAny<PortraitDbException>(() => transaction.AddColumn(new ColumnDefinition("x", ColumnType.Bool, Derivation: "age > 1")));
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public void A_commit_whose_tags_fail_publishes_nothing_and_fails_again_until_disposed()
    {
        using var database = PortraitDatabase.CreateInMemory();
        database.Execute("CREATE TABLE notes (id BIGINT KEY, note TEXT)");
        database.Execute("INSERT INTO notes VALUES (1, '7')");
        database.Execute("CREATE TAG high ON notes AS CAST(note AS INT) > 5");
        var table = database.GetTable("notes");
        var before = table.GetSnapshot();
        using (var transaction = table.BeginTransaction())
        {
            transaction.Insert(2L, "abc");
            var first = Assert.ThrowsAny<PortraitDbException>(transaction.Commit);
            Assert.Contains("Tag 'high' of table 'notes' cannot be computed for the rows written", first.Message, StringComparison.Ordinal);
            // The row is still the transaction's: a second commit computes it again and fails again.
            Assert.ThrowsAny<PortraitDbException>(transaction.Commit);
        }
        Assert.Same(before.Data, table.GetSnapshot().Data);
        var error = Assert.Throws<QueryException>(() => database.Execute("INSERT INTO notes VALUES (3, 'x')"));
        Assert.Equal(1, error.Line);
        Assert.Equal(1, table.RowCount);
        // The writer slot was released: the table takes writes again.
        database.Execute("INSERT INTO notes VALUES (4, '9')");
        Assert.Equal(true, database.Execute("SELECT high FROM notes WHERE id = 4").Scalar());
    }

    [Fact]
    public void A_snapshot_taken_before_a_tag_keeps_its_columns()
    {
        using var database = PortraitDatabase.CreateInMemory();
        database.Execute("CREATE TABLE t (id BIGINT KEY, age INT, city CATEGORY)");
        database.Execute("INSERT INTO t VALUES (1, 20, '北京'), (2, 40, '上海')");
        var table = database.GetTable("t");
        var before = table.GetSnapshot();
        database.Execute("CREATE TAG young ON t AS age < 30");
        database.Execute("ALTER TABLE t DROP COLUMN city");
        Assert.Equal(["id", "age", "city"], before.Schema.Columns.Select(column => column.Name));
        Assert.Equal("上海", before.GetValue(1, "city"));
        Assert.Equal(1, before.GetRowsWithValue("city", "北京").Cardinality);
        Assert.Equal(["id", "age", "young"], table.Schema.Columns.Select(column => column.Name));
        Assert.Equal(true, table.GetSnapshot().GetValue(0, "young"));
    }
}
