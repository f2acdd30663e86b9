using System.Text;
using PortraitDb.Bitmaps;
using PortraitDb.Portrait;
using PortraitDb.Query;

namespace PortraitDb.Tests.Portrait;

/// <summary>Saved audiences through the host API and SQL: definitions, caching, EXPLAIN, exports, and the settings.</summary>
public sealed class AudienceTests : IDisposable
{
    private readonly PortraitDatabase _db = PortraitDatabase.CreateInMemory();
    private readonly List<string> _files = [];

    public AudienceTests()
    {
        _db.Execute("CREATE TABLE people (id TEXT KEY, gender CATEGORY, age INT, city CATEGORY, joined DATE, spend DECIMAL(10,2))");
        _db.Execute("""
            INSERT INTO people VALUES
              ('c1', 'f', 23, 'bj', DATE '2021-03-01', 120.00), ('c2', 'm', 35, 'sh', DATE '2022-01-15', 80.50),
              ('c,3', 'f', 41, 'bj', DATE '2020-07-09', 300.00), ('c4', 'm', 52, 'gz', NULL, NULL),
              ('c"5', 'f', 29, 'sh', DATE '2023-11-30', 45.00), ('c6', 'f', 64, 'bj', DATE '2019-05-05', 510.25)
            """);
    }

    public void Dispose()
    {
        _db.Dispose();
        foreach (string file in _files)
            File.Delete(file);
    }

    private string TempFile(string extension)
    {
        string path = Path.Combine(Path.GetTempPath(), $"portraitdb-audience-{Guid.NewGuid():N}{extension}");
        _files.Add(path);
        _files.Add(AudienceExport.KeysPath(path));
        return path;
    }

    [Fact]
    public void The_host_api_creates_lists_evaluates_and_drops_audiences()
    {
        var saved = _db.CreateAudience("spenders", "people", "spend >= $floor AND joined < ?", parameters: new QueryParameters { ["floor"] = 100m }.Add(new DateOnly(2022, 1, 1)));
        // Parameters are written in: the definition is evaluated again later without them.
        Assert.Equal("spend >= 100 AND joined < DATE '2022-01-01'", saved.Condition);
        Assert.Equal(AudienceKind.Dynamic, saved.Kind);
        Assert.Equal(["c1", "c,3", "c6"], _db.GetAudience("spenders").Keys.Cast<string>());
        _db.Execute("UPDATE people SET spend = 999 WHERE id = 'c2'");
        Assert.Equal(3, _db.GetAudience("SPENDERS").Count);
        _db.Execute("UPDATE people SET joined = DATE '2021-12-31' WHERE id = 'c2'");
        Assert.Equal(4, _db.GetAudience("spenders").Count);

        var frozen = _db.CreateAudience("frozen", "people", "city = 'bj'", AudienceKind.Snapshot);
        Assert.Equal("CREATE AUDIENCE frozen ON people AS SNAPSHOT city = 'bj'", frozen.ToString());
        _db.Execute("UPDATE people SET city = 'sh' WHERE id = 'c1'");
        Assert.Equal(3, _db.GetAudience("frozen").Count);
        Assert.Equal(["frozen", "spenders"], _db.Audiences.Select(audience => audience.Name));

        var taken = Assert.Throws<QueryException>(() => _db.CreateAudience("frozen", "people", "age > 1"));
        Assert.Contains("already exists", taken.Message, StringComparison.Ordinal);
        _db.CreateAudience("frozen", "people", "age > 60", replace: true);
        Assert.Equal(1, _db.GetAudience("frozen").Count);
        Assert.True(_db.DropAudience("frozen"));
        Assert.False(_db.DropAudience("frozen"));
        Assert.Contains("did you mean 'spenders'", Assert.Throws<QueryException>(() => _db.GetAudience("spender")).Message, StringComparison.Ordinal);
        Assert.Contains("unknown table 'peeple'", Assert.Throws<QueryException>(() => _db.CreateAudience("x", "peeple", "age > 1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_audience_works_in_the_audience_api_and_explain_shows_a_bitmap_leaf()
    {
        _db.Execute("CREATE AUDIENCE women ON people AS gender = 'f'");
        var young = _db.Audience("people", "IN AUDIENCE women AND age < 40");
        Assert.Equal(["c1", "c\"5"], young.Keys.Cast<string>());
        var plan = string.Join("\n", _db.Execute("EXPLAIN SELECT COUNT(*) FROM people WHERE IN AUDIENCE women AND NOT IN AUDIENCE women").Rows.Select(row => (string)row[0]!));
        Assert.Contains("BITMAP IN AUDIENCE women [dynamic audience, 4 members]", plan, StringComparison.Ordinal);
        Assert.Contains("BITMAP NOT IN AUDIENCE women", plan, StringComparison.Ordinal);
        Assert.Equal(0L, _db.Execute("SELECT COUNT(*) FROM people WHERE IN AUDIENCE women AND NOT IN AUDIENCE women").Scalar());
    }

    [Fact]
    public void A_dynamic_audience_is_evaluated_again_after_every_commit()
    {
        _db.Execute("CREATE AUDIENCE women ON people AS gender = 'f'");
        var counts = new List<long>();
        for (int step = 0; step < 4; step++)
        {
            counts.Add((long)_db.Execute("SELECT COUNT(*) FROM people WHERE IN AUDIENCE women").Scalar()!);
            counts.Add((long)_db.Execute("SELECT COUNT(*) FROM people WHERE IN AUDIENCE women").Scalar()!);
            _db.Execute($"INSERT INTO people VALUES ('n{step}', 'f', 30, 'bj', NULL, NULL)");
        }
        Assert.Equal([4L, 4, 5, 5, 6, 6, 7, 7], counts);
        // A write reads its own working copy, which is never cached.
        _db.Execute("UPDATE people SET city = 'xx' WHERE IN AUDIENCE women AND age = 30");
        Assert.Equal(4L, _db.Execute("SELECT COUNT(*) FROM people WHERE city = 'xx'").Scalar());
    }

    [Fact]
    public void Show_audiences_reports_an_audience_that_no_longer_evaluates()
    {
        _db.Execute("CREATE TABLE tmp (id BIGINT KEY, a INT)");
        _db.Execute("CREATE AUDIENCE gone ON tmp AS a > 1");
        _db.Execute("DROP TABLE tmp");
        var audiences = _db.Execute("SHOW AUDIENCES");
        Assert.Null(audiences[0, "size"]);
        Assert.Contains("which was dropped", (string)audiences[0, "error"]!, StringComparison.Ordinal);
        var error = Assert.Throws<QueryException>(() => _db.GetAudience("gone"));
        Assert.Equal(PortraitDbErrorKind.Binding, error.Kind);
    }

    [Fact]
    public void Csv_export_writes_the_keys_quoted_where_needed()
    {
        _db.Execute("CREATE AUDIENCE women ON people AS gender = 'f'");
        string path = TempFile(".csv");
        var result = _db.Execute($"EXPORT AUDIENCE women TO '{path}'");
        Assert.Equal(4, result.AffectedRows);
        Assert.Equal("id\nc1\n\"c,3\"\n\"c\"\"5\"\nc6\n", File.ReadAllText(path, Encoding.UTF8));
        // Written again, the file is replaced.
        _db.Execute("DELETE FROM people WHERE id = 'c6'");
        _db.Execute($"EXPORT AUDIENCE women TO '{path}' WITH (format = csv)");
        Assert.Equal(4, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Roaring_export_writes_the_portable_bitmap_and_the_key_mapping()
    {
        _db.Execute("CREATE AUDIENCE older ON people AS SNAPSHOT age >= 40");
        string path = TempFile(".roaring");
        _db.Execute($"EXPORT AUDIENCE older TO '{path}'");
        var ids = RoaringBitmap.Deserialize(File.ReadAllBytes(path));
        Assert.Equal(_db.GetAudience("older").Ids, ids);
        var mapping = File.ReadAllLines(AudienceExport.KeysPath(path));
        Assert.Equal("row_id,id", mapping[0]);
        var snapshot = _db.GetTable("people").GetSnapshot();
        Assert.Equal(ids.Select(row => $"{row},{Quoted((string)snapshot.GetValue(row, "id")!)}"), mapping.Skip(1));

        string other = TempFile(".bin");
        _db.Execute($"EXPORT AUDIENCE older TO '{other}' WITH (format = 'roaring')");
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(other));
        Assert.True(File.Exists(Path.ChangeExtension(other, ".keys.csv")));
    }

    private static string Quoted(string key) => key.Contains(',', StringComparison.Ordinal) ? $"\"{key}\"" : key;

    [Fact]
    public void Export_errors_are_located_and_leave_no_file()
    {
        _db.Execute("CREATE AUDIENCE women ON people AS gender = 'f'");
        string missingFolder = Path.Combine(Path.GetTempPath(), $"portraitdb-missing-{Guid.NewGuid():N}", "x.csv");
        var io = Assert.Throws<QueryException>(() => _db.Execute($"EXPORT AUDIENCE women TO '{missingFolder}'"));
        Assert.Equal(PortraitDbErrorKind.Io, io.Kind);
        Assert.False(File.Exists(missingFolder));
        var option = Assert.Throws<QueryException>(() => _db.Execute("EXPORT AUDIENCE women TO 'x.csv' WITH (fromat = 'csv')"));
        Assert.Contains("did you mean 'format'?", option.Message, StringComparison.Ordinal);
        var format = Assert.Throws<QueryException>(() => _db.Execute("EXPORT AUDIENCE women TO 'x.csv' WITH (format = 'parquet')"));
        Assert.Contains("format is 'csv' or 'roaring'", format.Message, StringComparison.Ordinal);
        _db.Execute("CREATE TABLE keyless (a INT)");
        _db.Execute("INSERT INTO keyless VALUES (1), (2)");
        _db.Execute("CREATE AUDIENCE all_of_them ON keyless AS a > 0");
        var keyless = Assert.Throws<QueryException>(() => _db.Execute("EXPORT AUDIENCE all_of_them TO 'x.csv'"));
        Assert.Contains("has no KEY column", keyless.Message, StringComparison.Ordinal);
        string path = TempFile(".roaring");
        Assert.Contains("no key mapping", _db.Execute($"EXPORT AUDIENCE all_of_them TO '{path}'").Message, StringComparison.Ordinal);
        Assert.Equal(2, RoaringBitmap.Deserialize(File.ReadAllBytes(path)).Cardinality);
    }

    [Fact]
    public void A_pii_key_is_exported_only_with_pii()
    {
        _db.Execute("CREATE TABLE contacts (phone TEXT KEY PII, age INT)");
        _db.Execute("INSERT INTO contacts VALUES ('555-1', 30), ('555-2', 40)");
        _db.Execute("CREATE AUDIENCE everyone ON contacts AS age > 0");
        string path = TempFile(".csv");
        var refused = Assert.Throws<QueryException>(() => _db.Execute($"EXPORT AUDIENCE everyone TO '{path}'"));
        Assert.Equal(PortraitDbErrorKind.Constraint, refused.Kind);
        Assert.False(File.Exists(path));
        _db.Execute($"EXPORT AUDIENCE everyone TO '{path}' WITH PII");
        Assert.Equal(["phone", "555-1", "555-2"], File.ReadAllLines(path));
    }

    [Fact]
    public void The_guard_is_a_host_property_and_a_setting()
    {
        Assert.Equal(0, _db.MinGroupSize);
        _db.MinGroupSize = 3;
        Assert.Equal("3", _db.Execute("SHOW SETTINGS")[0, "value"]);
        _db.Execute("SET min_group_size = 5");
        Assert.Equal(5, _db.MinGroupSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => _db.MinGroupSize = -1);
        var breakdown = _db.Execute("SELECT city, COUNT(*) AS n FROM people GROUP BY city ORDER BY city");
        Assert.Equal(["city", "n", "suppressed"], breakdown.Columns.Select(column => column.Name));
        Assert.All(breakdown.Rows, row => Assert.Equal("<5", row[2]));
        // A single count is an audience size, not a breakdown: it stays.
        Assert.Equal(3L, _db.Execute("SELECT COUNT(*) FROM people WHERE city = 'bj'").Scalar());
        Assert.Throws<QueryException>(() => _db.Query("SELECT id FROM people WHERE city = 'bj'").ToList());
        _db.MinGroupSize = 0;
        Assert.Equal(3, _db.Query("SELECT id FROM people WHERE city = 'bj'").Count());
    }
}
