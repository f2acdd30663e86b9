using FsCheck;
using FsCheck.Xunit;
using PortraitDb.Storage;
using PortraitDb.Tests.Storage;

namespace PortraitDb.Tests.Persistence;

/// <summary>
/// Random changes to a table kept in a directory, checked against a plain model after every reopen: a clean close
/// (checkpoint), an abandoned process (replay of the write-ahead log), explicit checkpoints in between, and a
/// bulk load large enough to commit by checkpoint.
/// </summary>
public sealed class PersistenceModelTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "portraitdb-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Property(MaxTest = 25)]
    public void Every_committed_change_survives_reopening(PositiveInt seed)
    {
        string directory = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        var random = new Random(seed.Get);
        var model = new TableModelTests.Model();
        var database = PortraitDatabase.Open(directory, checkpointLogBytes: 1 << 12);
        try
        {
            database.CreateTable("profiles", TableModelTests.Schema);
            for (int round = 0; round < 6; round++)
            {
                var table = database.GetTable("profiles");
                for (int step = 0; step < 25; step++)
                    TableModelTests.ApplyRandomStep(random, table, model, keySpace: 40);
                switch (random.Next(4))
                {
                    case 0:
                        database.Dispose();
                        break;
                    case 1:
                        database.Abandon();
                        break;
                    case 2:
                        database.Checkpoint();
                        database.Abandon();
                        break;
                    default:
                        database.Checkpoint();
                        TableModelTests.AssertMatches(database.GetTable("profiles").GetSnapshot(), model);
                        continue;
                }
                database = PortraitDatabase.Open(directory, checkpointLogBytes: 1 << 12);
                TableModelTests.AssertMatches(database.GetTable("profiles").GetSnapshot(), model);
            }
        }
        finally
        {
            database.Dispose();
        }
    }

    [Fact]
    public void A_bulk_load_commits_by_checkpoint_and_later_changes_replay_over_it()
    {
        var model = new TableModelTests.Model();
        var random = new Random(11);
        var database = PortraitDatabase.Open(_directory, checkpointLogBytes: 1 << 20);
        var table = database.CreateTable("profiles", TableModelTests.Schema);
        using (var appender = table.CreateAppender())
        {
            for (int index = 0; index < 140_000; index++)
            {
                string key = $"P{index:D6}";
                var values = TableModelTests.RandomRow(random, key);
                TableModelTests.AppendRow(appender, values);
                model.Rows[key] = values;
                model.RowIds[key] = (uint)index;
            }
            appender.Commit();
        }
        Assert.Contains(Directory.EnumerateFiles(_directory), file => file.EndsWith(".seg", StringComparison.Ordinal));
        for (int step = 0; step < 60; step++)
            TableModelTests.ApplyRandomStep(random, database.GetTable("profiles"), model, keySpace: 50);
        database.Abandon();

        database = PortraitDatabase.Open(_directory);
        try
        {
            TableModelTests.AssertMatches(database.GetTable("profiles").GetSnapshot(), model);
            var result = database.Execute("SELECT COUNT(*) FROM profiles WHERE gender = 'female' AND age >= 30");
            long expected = model.Rows.Values.Count(values => (string?)values[1] == "female" && values[2] is int age && age >= 30);
            Assert.Equal(expected, Convert.ToInt64(result.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            database.Dispose();
        }
    }

    [Fact]
    public void Tables_created_and_dropped_survive_reopening()
    {
        using (var database = PortraitDatabase.Open(_directory))
        {
            database.Execute("CREATE TABLE a (id BIGINT KEY, city CATEGORY); INSERT INTO a VALUES (1, '北京'), (2, '上海')");
            database.Execute("CREATE TABLE b (id TEXT KEY); DROP TABLE a; CREATE TABLE a (id TEXT KEY, n INT)");
            database.Execute("INSERT INTO a VALUES ('x', 5)");
            database.Abandon();
        }
        using (var database = PortraitDatabase.Open(_directory))
        {
            Assert.Equal(["a", "b"], database.Tables.Select(table => table.Name));
            Assert.Equal("n", database.GetTable("a").Schema.Columns[1].Name);
            Assert.Equal(1, database.GetTable("a").RowCount);
        }
        using (var database = PortraitDatabase.Open(_directory))
            Assert.Equal(5, Convert.ToInt32(database.Execute("SELECT n FROM a WHERE id = 'x'").Rows[0][0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_second_open_of_the_same_directory_is_refused()
    {
        using var database = PortraitDatabase.Open(_directory);
        var error = Assert.Throws<PortraitDbException>(() => PortraitDatabase.Open(_directory));
        Assert.Equal(PortraitDbErrorKind.Io, error.Kind);
        Assert.Contains("already open", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_and_closing_without_a_write_leaves_the_files_as_they_were()
    {
        using (var database = PortraitDatabase.Open(_directory))
            database.Execute("CREATE TABLE t (id BIGINT KEY, city CATEGORY); INSERT INTO t VALUES (1, '北京')");
        string[] Files() => [.. Directory.EnumerateFiles(_directory).Select(Path.GetFileName).Order()!];
        var before = Files();
        for (int open = 0; open < 3; open++)
        {
            using var database = PortraitDatabase.Open(_directory);
            Assert.Equal(1L, database.Execute("SELECT COUNT(*) FROM t WHERE city = '北京'").Scalar());
        }
        Assert.Equal(before, Files());
    }

    [Fact]
    public void Tags_and_schema_changes_survive_a_crash_and_stay_maintained()
    {
        var database = PortraitDatabase.Open(_directory);
        database.Execute("CREATE TABLE p (id BIGINT KEY, age INT, city CATEGORY); INSERT INTO p VALUES (1, 30, '北京'), (2, 50, '上海'), (3, NULL, '北京')");
        database.Execute("CREATE TAG senior ON p AS age >= 40");
        database.Execute("ALTER TABLE p ADD COLUMN note TEXT");
        database.Execute("INSERT INTO p (id, age, city, note) VALUES (4, 60, '广州', 'x')");
        database.Abandon();

        database = PortraitDatabase.Open(_directory);
        try
        {
            Assert.Equal([false, true, null, true], database.Execute("SELECT senior FROM p ORDER BY id").Rows.Select(row => row[0]));
            Assert.Equal("x", database.Execute("SELECT note FROM p WHERE id = 4").Scalar());
            database.Execute("UPDATE p SET age = 45 WHERE id = 1");
            database.Execute("ALTER TABLE p DROP COLUMN note");
        }
        finally
        {
            database.Dispose();
        }
        using (database = PortraitDatabase.Open(_directory))
        {
            Assert.Equal([true, true, null, true], database.Execute("SELECT senior FROM p ORDER BY id").Rows.Select(row => row[0]));
            Assert.Equal(-1, database.GetTable("p").Schema.IndexOf("note"));
            Assert.Equal(2L, database.Execute("SELECT COUNT(*) FROM p WHERE senior AND city <> '北京'").Scalar());
        }
    }

    [Fact]
    public void Audiences_settings_and_pii_columns_survive_a_crash_and_a_checkpoint()
    {
        var database = PortraitDatabase.Open(_directory);
        database.Execute("CREATE TABLE p (id BIGINT KEY, age INT, phone TEXT PII); INSERT INTO p VALUES (1, 30, '139'), (2, 50, '138'), (3, 70, '137')");
        database.Execute("CREATE AUDIENCE older ON p AS age >= 40");
        database.Execute("CREATE AUDIENCE first_two ON p AS SNAPSHOT id <= 2");
        database.Execute("CREATE AUDIENCE gone ON p AS age < 0; DROP AUDIENCE gone");
        database.Execute("SET min_group_size = 2");
        database.Abandon();
        for (int round = 0; round < 2; round++)
        {
            database = PortraitDatabase.Open(_directory);
            try
            {
                Assert.Equal(["first_two", "older"], database.Audiences.Select(audience => audience.Name));
                Assert.Equal(2, database.MinGroupSize);
                Assert.True(database.GetTable("p").Schema.Columns[2].IsPii);
                Assert.Equal(2L, database.GetAudience("older").Count);
                Assert.Equal(2L, database.GetAudience("first_two").Count);
                // The snapshot keeps its members; the dynamic audience follows the data.
                database.Execute("UPDATE p SET age = 10 WHERE id = 3");
                Assert.Equal(1L, database.GetAudience("older").Count);
                database.Execute("UPDATE p SET age = 70 WHERE id = 3");
            }
            finally
            {
                database.Dispose();
            }
        }
    }
}
