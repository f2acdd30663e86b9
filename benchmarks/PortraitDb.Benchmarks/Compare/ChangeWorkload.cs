namespace PortraitDb.Benchmarks.Compare;

/// <summary>
/// A statement of the comparison that changes the table (a derived tag, RFM), written once for each engine, with
/// the statements that undo it (run after every timed run, untimed, so each run starts from the same table) and the
/// queries whose answers must agree (counts per value of what it wrote).
/// </summary>
/// <param name="Name">A short, stable name: the row's label in reports.</param>
/// <param name="What">What a portrait user does, in a few words.</param>
/// <param name="PortraitSql">The statement in PortraitDb's SQL.</param>
/// <param name="PortraitUndo">PortraitDb statements that put the table back as it was.</param>
/// <param name="PortraitCheck">A query over what the statement wrote, in PortraitDb's SQL.</param>
/// <param name="DuckSql">The equivalent in DuckDB's SQL (one or more statements).</param>
/// <param name="DuckUndo">DuckDB statements that put the database back as it was.</param>
/// <param name="DuckCheck">The same query in DuckDB's SQL; it must return the same rows.</param>
internal sealed record ChangeStatement(
    string Name, string What, string PortraitSql, string PortraitUndo, string PortraitCheck, string DuckSql, string DuckUndo, string DuckCheck)
{
    public string Sql(EngineKind kind) => kind == EngineKind.PortraitDb ? PortraitSql : DuckSql;

    public string Undo(EngineKind kind) => kind == EngineKind.PortraitDb ? PortraitUndo : DuckUndo;

    public string Check(EngineKind kind) => kind == EngineKind.PortraitDb ? PortraitCheck : DuckCheck;
}

/// <summary>
/// The statements that change data: CREATE TAG with a condition and with a CASE, and RFM. DuckDB materialises a
/// tag as <c>ALTER TABLE ... ADD COLUMN</c> then <c>UPDATE ... SET</c>, and RFM as <c>CREATE TABLE ... AS</c> with
/// <c>quantile_cont</c> cut points (interpolated quintiles; a score is 1 + the cut points a value is above, so ties get
/// one score, which NTILE would split) and segments against the mean scores, as PortraitDb defines them.
/// </summary>
internal static class ChangeWorkload
{
    private const string VipCondition = "gender = 'female' AND total_spend > 5000 AND age BETWEEN 25 AND 45";

    private const string ValueBands =
        "CASE WHEN total_spend >= 10000 THEN 'high' WHEN total_spend >= 2000 THEN 'middle' "
        + "WHEN member_level IN ('gold', 'platinum') THEN 'loyal' ELSE 'low' END";

    private const string Quintiles = "[0.2, 0.4, 0.6, 0.8]";

    private static string Score(string value, string cuts) =>
        $"CASE WHEN {value} IS NULL THEN NULL ELSE 1 + ({value} > {cuts}[1])::INT + ({value} > {cuts}[2])::INT + ({value} > {cuts}[3])::INT + ({value} > {cuts}[4])::INT END";

    private static readonly string DuckRfm = $"""
        CREATE OR REPLACE TABLE rfm AS
        WITH base AS (
            SELECT customer_id, date_diff('day', DATE '1970-01-01', last_order_date) AS r, order_count AS f, total_spend::DOUBLE AS m FROM profiles),
        cuts AS (
            SELECT quantile_cont(r, {Quintiles}) AS rq, quantile_cont(f, {Quintiles}) AS fq, quantile_cont(m, {Quintiles}) AS mq FROM base),
        scored AS (
            SELECT customer_id, {Score("r", "rq")} AS r_score, {Score("f", "fq")} AS f_score, {Score("m", "mq")} AS m_score FROM base, cuts),
        means AS (SELECT AVG(r_score) AS ar, AVG(f_score) AS af, AVG(m_score) AS am FROM scored),
        labelled AS (
            SELECT customer_id, r_score, f_score, m_score,
                   CASE WHEN r_score IS NULL OR f_score IS NULL OR m_score IS NULL THEN NULL
                        ELSE CASE WHEN m_score > am THEN 'important ' ELSE 'general ' END
                             || CASE WHEN r_score > ar AND f_score > af THEN 'value' WHEN r_score > ar THEN 'development'
                                     WHEN f_score > af THEN 'retention' ELSE 'recovery' END END AS rfm_segment
            FROM scored, means)
        SELECT *, CASE rfm_segment WHEN 'important value' THEN '重要价值客户' WHEN 'important development' THEN '重要发展客户'
                     WHEN 'important retention' THEN '重要保持客户' WHEN 'important recovery' THEN '重要挽留客户'
                     WHEN 'general value' THEN '一般价值客户' WHEN 'general development' THEN '一般发展客户'
                     WHEN 'general retention' THEN '一般保持客户' WHEN 'general recovery' THEN '一般挽留客户' END AS rfm_segment_zh
        FROM labelled
        """;

    private const string RfmCheck = "SELECT r_score, f_score, m_score, rfm_segment, rfm_segment_zh, COUNT(*) AS n FROM {0} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4";

    /// <summary>The statements, in report order.</summary>
    public static IReadOnlyList<ChangeStatement> Statements { get; } =
    [
        new("create-tag-bool", "CREATE TAG of a 3-column condition (BOOL)",
            $"CREATE TAG vip_women ON profiles AS {VipCondition}",
            "DROP TAG vip_women ON profiles",
            "SELECT vip_women, COUNT(*) AS n FROM profiles GROUP BY 1 ORDER BY 1",
            $"ALTER TABLE profiles ADD COLUMN vip_women BOOLEAN; UPDATE profiles SET vip_women = ({VipCondition})",
            "ALTER TABLE profiles DROP COLUMN vip_women",
            "SELECT vip_women, COUNT(*) AS n FROM profiles GROUP BY 1 ORDER BY 1"),
        new("create-tag-case", "CREATE TAG of a 4-branch CASE (labels)",
            $"CREATE TAG value_band ON profiles AS {ValueBands}",
            "DROP TAG value_band ON profiles",
            "SELECT value_band, COUNT(*) AS n FROM profiles GROUP BY 1 ORDER BY 1",
            $"ALTER TABLE profiles ADD COLUMN value_band VARCHAR; UPDATE profiles SET value_band = {ValueBands}",
            "ALTER TABLE profiles DROP COLUMN value_band",
            "SELECT value_band, COUNT(*) AS n FROM profiles GROUP BY 1 ORDER BY 1"),
        new("rfm", "RFM quintile scores and the eight segments (EN and ZH)",
            "RFM profiles (recency = last_order_date, frequency = order_count, monetary = total_spend) SCORES 5",
            "DROP TAG rfm_segment_zh ON profiles; DROP TAG rfm_segment ON profiles; DROP TAG m_score ON profiles; DROP TAG f_score ON profiles; DROP TAG r_score ON profiles",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, RfmCheck, "profiles"),
            DuckRfm,
            "DROP TABLE rfm",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, RfmCheck, "rfm")),
    ];

    /// <summary>The statements as a Markdown table: name, what, PortraitDb SQL, DuckDB SQL, the check.</summary>
    public static string ToMarkdown()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("| name | what | PortraitDb | DuckDB | check |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var statement in Statements)
            text.AppendLine($"| {statement.Name} | {statement.What} | {Code(statement.PortraitSql)} | {Code(statement.DuckSql)} | {Code(statement.PortraitCheck)} |");
        return text.ToString();
    }

    private static string Code(string sql) => "`" + string.Join(' ', sql.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim())).Replace("|", "\\|", StringComparison.Ordinal) + "`";

    /// <summary>The statements whose name passes <paramref name="filter"/> (see <see cref="CompareOptions.Matches"/>), or all of them.</summary>
    public static IReadOnlyList<ChangeStatement> Select(string? filter) => [.. Statements.Where(statement => CompareOptions.Matches(filter, statement.Name))];
}
