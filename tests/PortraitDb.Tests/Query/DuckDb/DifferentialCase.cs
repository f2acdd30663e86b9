namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// One question asked of both engines: PortraitDb's SQL and, only where the dialects differ (TAGS, BUCKET), the
/// DuckDB spelling of the same question.
/// </summary>
/// <param name="Name">The case's name, shown as the theory's argument.</param>
/// <param name="Sql">The PortraitDb statement (and DuckDB's when <paramref name="DuckSql"/> is null).</param>
/// <param name="DuckSql">DuckDB's statement where it must be written differently, else null.</param>
public sealed record DifferentialCase(string Name, string Sql, string? DuckSql = null)
{
    /// <summary>The statement DuckDB runs.</summary>
    public string DuckDbSql => DuckSql ?? Sql;

    /// <summary>The names of <paramref name="cases"/>, for <c>MemberData</c>; fails on a repeated name.</summary>
    public static TheoryData<string> Names(IReadOnlyList<DifferentialCase> cases)
    {
        var data = new TheoryData<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var @case in cases)
        {
            if (!seen.Add(@case.Name))
                throw new InvalidOperationException($"Two differential cases are named '{@case.Name}'.");
            data.Add(@case.Name);
        }
        return data;
    }

    /// <summary>The case named <paramref name="name"/>.</summary>
    public static DifferentialCase Find(IReadOnlyList<DifferentialCase> cases, string name) =>
        cases.FirstOrDefault(@case => @case.Name == name) ?? throw new InvalidOperationException($"No differential case is named '{name}'.");
}
