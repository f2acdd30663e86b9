using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PortraitDb.Query;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>A table and queries to ask the engine and the naive evaluator.</summary>
public sealed record DifferentialCase(TableCase Table, IReadOnlyList<DifferentialQuery> Queries)
{
    public override string ToString()
    {
        var text = new StringBuilder(Table.Script());
        foreach (var query in Queries)
            text.Append(query.Sql).AppendLine(";");
        return text.ToString();
    }
}

/// <summary>A table and conditions whose TRUE, FALSE and UNKNOWN rows must partition the live rows.</summary>
public sealed record PartitionCase(TableCase Table, IReadOnlyList<Predicate> Conditions)
{
    public override string ToString()
    {
        var text = new StringBuilder(Table.Script());
        foreach (var condition in Conditions)
            text.Append("-- condition: ").AppendLine(condition.Sql);
        return text.ToString();
    }
}

/// <summary>FsCheck arbitraries: generation in <see cref="DifferentialGenerators"/>, shrinking here.</summary>
public static class DifferentialArbitraries
{
    private const int QueriesPerCase = 8;
    private const int ConditionsPerCase = 6;

    public static Arbitrary<DifferentialCase> DifferentialCase() => Arb.From(
        from table in DifferentialGenerators.Table(DifferentialGenerators.SmallRowCounts)
        let pools = LiteralPools.From(table.Schema, table.Rows)
        from queries in Gen.ArrayOf(DifferentialGenerators.Query(table.Schema, pools), QueriesPerCase)
        select new DifferentialCase(table, queries),
        Shrink);

    public static Arbitrary<PartitionCase> PartitionCase() => Arb.From(
        from table in DifferentialGenerators.Table(DifferentialGenerators.SmallRowCounts)
        let pools = LiteralPools.From(table.Schema, table.Rows)
        from conditions in Gen.ArrayOf(Gen.Choose(0, 3).SelectMany(depth => DifferentialGenerators.Condition(table.Schema, pools, depth)), ConditionsPerCase)
        select new PartitionCase(table, conditions),
        Shrink);

    public static IEnumerable<DifferentialCase> Shrink(DifferentialCase item)
    {
        if (item.Queries.Count > 1)
        {
            foreach (var query in item.Queries)
                yield return item with { Queries = [query] };
        }
        foreach (var table in ShrinkTable(item.Table))
            yield return item with { Table = table };
        if (item.Queries.Count == 1)
        {
            foreach (var query in item.Queries[0].Shrinks())
                yield return item with { Queries = [query] };
        }
    }

    public static IEnumerable<PartitionCase> Shrink(PartitionCase item)
    {
        if (item.Conditions.Count > 1)
        {
            foreach (var condition in item.Conditions)
                yield return item with { Conditions = [condition] };
        }
        foreach (var table in ShrinkTable(item.Table))
            yield return item with { Table = table };
        if (item.Conditions.Count == 1)
        {
            foreach (var condition in item.Conditions[0].Shrinks())
                yield return item with { Conditions = [condition] };
        }
    }

    /// <summary>Fewer rows (halves, quarters, ... single rows once few are left), fewer mutations, a plainer load.</summary>
    public static IEnumerable<TableCase> ShrinkTable(TableCase table)
    {
        int count = table.Rows.Count;
        int smallestChunk = count <= 64 ? 1 : count / 64;
        for (int chunk = count / 2; chunk >= smallestChunk && chunk > 0; chunk /= 2)
        {
            for (int start = 0; start < count; start += chunk)
                yield return table with { Rows = [.. table.Rows.Take(start), .. table.Rows.Skip(start + chunk)] };
        }
        if (count == 1)
            yield return table with { Rows = [] };
        if (table.Mutations.Count > 0)
        {
            yield return table with { Mutations = [] };
            for (int index = 0; index < table.Mutations.Count; index++)
                yield return table with { Mutations = [.. table.Mutations.Where((_, position) => position != index)] };
        }
        if (table.Load != LoadMode.Transaction)
            yield return table with { Load = LoadMode.Transaction };
    }
}

/// <summary>Runs queries on the engine and on the naive evaluator and asserts the answers agree.</summary>
internal static class DifferentialRunner
{
    public static void Check(DifferentialCase item)
    {
        using var database = PortraitDatabase.CreateInMemory();
        var live = item.Table.Build(database);
        foreach (var query in item.Queries)
            CheckQuery(database, live, query, $"({live.Count} live rows; the table is printed with the counterexample)");
    }

    public static void CheckQuery(PortraitDatabase database, IReadOnlyList<object?[]> live, DifferentialQuery query, string context)
    {
        var expected = query.Evaluate(live);
        var result = Execute(database, query.Sql, context);
        ResultComparer.AssertSame(query.Sql, expected, result, context);
        // A listing without ORDER BY is also read lazily through Query (row by row off the filter bitmap).
        if (query is ListQuery { OrderBy.Count: 0 })
        {
            var streamed = database.Query(query.Sql).ToList();
            ResultComparer.AssertSame($"{query.Sql} (streamed by Query)", expected, streamed, [.. result.Columns.Select(column => column.Name)], context);
        }
    }

    public static QueryResult Execute(PortraitDatabase database, string sql, string context)
    {
        try
        {
            return database.Execute(sql);
        }
        catch (Exception error) when (error is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"the engine threw on\nSQL: {sql}\n{error}\n{context}");
            throw;
        }
    }

    public static long Count(PortraitDatabase database, string sql, string context) => (long)Execute(database, sql, context).Scalar()!;

    public static void CheckPartition(PartitionCase item)
    {
        using var database = PortraitDatabase.CreateInMemory();
        var live = item.Table.Build(database);
        foreach (var condition in item.Conditions)
        {
            long expectedTrue = live.Count(row => condition.Evaluate(row) == true);
            long expectedFalse = live.Count(row => condition.Evaluate(row) == false);
            long expectedUnknown = live.Count(row => condition.Evaluate(row) is null);
            string table = DifferentialQuery.Table;
            long actualTrue = Count(database, $"SELECT COUNT(*) FROM {table} WHERE {condition.Sql}", "");
            long actualFalse = Count(database, $"SELECT COUNT(*) FROM {table} WHERE NOT ({condition.Sql})", "");
            long actualUnknown = Count(database, $"SELECT COUNT(*) FROM {table} WHERE ({condition.Sql}) IS NULL", "");
            Assert.True(
                actualTrue == expectedTrue && actualFalse == expectedFalse && actualUnknown == expectedUnknown && actualTrue + actualFalse + expectedUnknown == live.Count,
                $"condition {condition.Sql} on {live.Count} live rows: engine TRUE {actualTrue}, FALSE {actualFalse}, UNKNOWN {actualUnknown}; " +
                $"naive TRUE {expectedTrue}, FALSE {expectedFalse}, UNKNOWN {expectedUnknown}");
        }
    }
}
