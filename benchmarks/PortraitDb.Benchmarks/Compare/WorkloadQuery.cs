namespace PortraitDb.Benchmarks.Compare;

/// <summary>One query of the comparison workload, written once for each engine.</summary>
/// <param name="Name">A short, stable name: the row's label in reports and the BenchmarkDotNet parameter.</param>
/// <param name="What">What a portrait user asks, in a few words.</param>
/// <param name="PortraitSql">The query in PortraitDb's SQL.</param>
/// <param name="DuckSql">The same question in DuckDB's SQL; it must return the same rows, in the same order.</param>
/// <param name="DuckReferenceSql">
/// When not null, a second DuckDB query that must return the same rows as <paramref name="DuckSql"/>: it pins down
/// an order that <paramref name="DuckSql"/> gets only from an engine property (row order under LIMIT), so the check
/// fails loudly should that property ever change. Run once per report, never timed.
/// </param>
internal sealed record WorkloadQuery(string Name, string What, string PortraitSql, string DuckSql, string? DuckReferenceSql = null)
{
    /// <summary>The query in the dialect of <paramref name="kind"/>.</summary>
    public string Sql(EngineKind kind) => kind == EngineKind.PortraitDb ? PortraitSql : DuckSql;
}
