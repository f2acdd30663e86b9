using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// <c>x [NOT] IN (SELECT ...)</c> against DuckDB on generated tables: the outer column a KEY (answered from the key
/// index), a CATEGORY (a union of value bitmaps) or a number (row by row); subqueries with WHERE, GROUP BY and HAVING,
/// empty ones, and ones that give NULL (NOT IN is then never true); nested subqueries and subqueries combined with other
/// conditions, in WHERE and in CREATE TABLE ... AS SELECT.
/// </summary>
public sealed class InSubqueryDifferentialTests
{
    private static readonly string[] Cities = ["北京", "上海", "广州", "深圳", "o'hare"];

    /// <summary>Two tables' rows: (id, city, n, spend, grp), NULLs allowed except in id.</summary>
    public sealed record Tables(IReadOnlyList<object?[]> Outer, IReadOnlyList<object?[]> Inner, IReadOnlyList<string> Conditions)
    {
        public override string ToString() =>
            $"outer: {string.Join("; ", Outer.Select(Literals))}\ninner: {string.Join("; ", Inner.Select(Literals))}\nconditions:\n{string.Join("\n", Conditions)}";
    }

    private static Gen<object?[]> Row(int id) =>
        from city in Gen.Frequency((6, Gen.Elements(Cities).Select(value => (object?)value)), (1, Gen.Constant<object?>(null)))
        from n in Gen.Frequency((6, Gen.Choose(-5, 20).Select(value => (object?)(long)value)), (1, Gen.Constant<object?>(null)))
        from spend in Gen.Frequency((6, Gen.Choose(0, 4000).Select(value => (object?)(value / 4m))), (1, Gen.Constant<object?>(null)))
        from grp in Gen.Choose(0, 4)
        select new object?[] { (long)id, city, n, spend, (long)grp };

    private static Gen<string> Subquery(string column, int depth)
    {
        var source = column switch
        {
            "id" => Gen.Elements("id", "n", "grp"),
            "city" => Gen.Constant("city"),
            "n" => Gen.Elements("n", "grp", "id"),
            _ => Gen.Elements("spend", "n"),
        };
        var filters = Gen.Frequency(
            (3, Gen.Constant("")),
            (3, Gen.Choose(-5, 20).Select(value => $" WHERE n > {value}")),
            (1, Gen.Constant(" WHERE n > 1000")),
            (2, Gen.Elements(Cities).Select(city => $" WHERE city <> {Quote(city)}")),
            (depth > 0 ? 2 : 0, Gen.Constant(0).SelectMany(_ => Condition(depth - 1, "inner")).Select(condition => $" WHERE {condition}")));
        var grouped = from value in Gen.Choose(0, 4) select (" GROUP BY 1", $" HAVING COUNT(*) > {value}");
        return from selected in source
               from filter in filters
               from grouping in Gen.Frequency((3, Gen.Constant(("", ""))), (1, grouped))
               select $"SELECT {selected} FROM inner_rows{filter}{grouping.Item1}{grouping.Item2}";
    }

    private static Gen<string> Condition(int depth, string table)
    {
        var leaf =
            from column in Gen.Elements("id", "city", "n", "spend")
            from negated in Gen.Elements(false, true)
            from subquery in Subquery(column, depth)
            select $"{column} {(negated ? "NOT IN" : "IN")} ({subquery})";
        if (depth == 0 || table == "inner")
            return leaf;
        var other = Gen.Choose(0, 10).Select(value => $"n >= {value}");
        return Gen.Frequency(
            (4, leaf),
            (1, from left in leaf from right in other select $"({left} AND {right})"),
            (1, from left in leaf from right in leaf select $"({left} OR {right})"),
            (1, leaf.Select(condition => $"NOT ({condition})")));
    }

    private static Arbitrary<Tables> Cases() => Arb.From(
        from outerCount in Gen.Choose(0, 60)
        from innerCount in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 40)))
        from outer in Gen.ArrayOf(Row(0), outerCount)
        from inner in Gen.ArrayOf(Row(0), innerCount)
        from conditions in Gen.ArrayOf(Gen.Choose(0, 2).SelectMany(depth => Condition(depth, "outer")), 6)
        select new Tables(
            [.. outer.Select((row, id) => WithId(row, id))],
            // Inner ids repeat and overlap the outer ones partly.
            [.. inner.Select((row, index) => WithId(row, index * 3 % 70))],
            conditions));

    private static object?[] WithId(object?[] row, int id) => [(long)id, .. row[1..]];

    [Property(MaxTest = 60)]
    public Property In_subqueries_answer_as_in_DuckDB() => Prop.ForAll(Cases(), Check);

    private static void Check(Tables tables)
    {
        using var portrait = PortraitDatabase.CreateInMemory();
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        portrait.Execute("CREATE TABLE outer_rows (id BIGINT KEY, city CATEGORY, n INT, spend DECIMAL(10,2), grp INT)");
        portrait.Execute("CREATE TABLE inner_rows (id BIGINT, city CATEGORY, n INT, spend DECIMAL(10,2), grp INT)");
        Execute(duck, "CREATE TABLE outer_rows (id BIGINT, city VARCHAR, n INT, spend DECIMAL(10,2), grp INT)");
        Execute(duck, "CREATE TABLE inner_rows (id BIGINT, city VARCHAR, n INT, spend DECIMAL(10,2), grp INT)");
        foreach (var (name, rows) in new[] { ("outer_rows", tables.Outer), ("inner_rows", tables.Inner) })
        {
            if (rows.Count == 0)
                continue;
            string insert = $"INSERT INTO {name} VALUES {string.Join(", ", rows.Select(row => $"({Literals(row)})"))}";
            portrait.Execute(insert);
            Execute(duck, insert);
        }
        foreach (string condition in tables.Conditions)
        {
            string sql = $"SELECT id FROM outer_rows WHERE {condition} ORDER BY id";
            var expected = Ids(duck, sql);
            var actual = portrait.Execute(sql).Rows.Select(row => (long)row[0]!).ToList();
            Assert.True(expected.SequenceEqual(actual), $"{sql}\nDuckDB: {string.Join(", ", expected)}\nPortraitDb: {string.Join(", ", actual)}");
        }
        // The same through CREATE TABLE ... AS SELECT.
        string first = tables.Conditions[0];
        portrait.Execute($"CREATE TABLE chosen AS SELECT id, city FROM outer_rows WHERE {first}");
        var copied = portrait.Execute("SELECT id FROM chosen ORDER BY id").Rows.Select(row => (long)row[0]!).ToList();
        Assert.Equal(Ids(duck, $"SELECT id FROM outer_rows WHERE {first} ORDER BY id"), copied);
    }

    private static List<long> Ids(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
            ids.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        return ids;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Literals(object?[] row)
    {
        var text = new StringBuilder();
        foreach (object? value in row)
        {
            if (text.Length > 0)
                text.Append(", ");
            text.Append(value switch
            {
                null => "NULL",
                string city => Quote(city),
                decimal exact => exact.ToString(CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            });
        }
        return text.ToString();
    }
}
