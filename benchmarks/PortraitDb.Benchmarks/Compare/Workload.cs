namespace PortraitDb.Benchmarks.Compare;

/// <summary>
/// The fixed comparison workload: what portrait users ask of a profile table, each question written in PortraitDb's
/// SQL and in DuckDB's, side by side. Both run against table <c>profiles</c> of <see cref="DataGen.ProfileSchema"/>.
/// </summary>
/// <remarks>
/// <para>Translation rules (DuckDB side):</para>
/// <list type="bullet">
/// <item><c>interests HAS 'x'</c> is <c>list_contains(interests, 'x')</c>; <c>HAS ANY ('a', 'b')</c> is
/// <c>list_has_any(interests, ['a', 'b'])</c>; <c>HAS ALL</c> is <c>list_has_all</c>. A bare BOOL (<c>single</c>)
/// is the same in both.</item>
/// <item>An ENUM sorts by its declaration order, PortraitDb's CATEGORY (like VARCHAR) by text, so DuckDB orders
/// category columns by <c>col::VARCHAR</c>. On a VARCHAR table that cast does nothing, so one text serves both
/// DuckDB tables. Text compares by code point (UTF-8 bytes in DuckDB, UTF-16 ordinal in .NET: the same order for
/// every name here). NULLs sort last in ascending order, as in DuckDB.</item>
/// <item>Every query that returns several rows has an ORDER BY whose keys are unique, so results compare row by
/// row. The one exception is <c>ids-limit-1000</c>, see there.</item>
/// <item>Dates are fixed (<see cref="Today"/>, the generator's last day), never <c>today()</c>, so answers do not
/// change from day to day.</item>
/// </list>
/// <para>BUCKET labels, which PortraitDb's <c>BUCKET(x, e1, e2, ..., en)</c> must produce (strictly ascending edges):
/// <c>'[-inf,e1)'</c> for x &lt; e1, <c>'[ei,ei+1)'</c> for ei &lt;= x &lt; ei+1, <c>'[en,+inf)'</c> for x &gt;= en, NULL for
/// NULL; edges written as the shortest invariant text of the number (<c>18</c>, <c>2.5</c>), no spaces. The labels sort as
/// text in bucket order for the non-negative edges used here (<c>'-'</c> sorts before digits).</para>
/// </remarks>
internal static class Workload
{
    /// <summary>The fixed "today" of date windows: <c>ProfileData.LastDate</c>, the last day the generator emits.</summary>
    public const string Today = "2026-06-30";

    /// <summary>The queries, in report order.</summary>
    public static IReadOnlyList<WorkloadQuery> Queries { get; } =
    [
        // ---- Audience counts: 1, 2, 4 and 8 tags (a category value, a BOOL or an interest is a tag).
        new("count1", "1-tag audience: an interest",
            "SELECT COUNT(*) FROM profiles WHERE interests HAS 'travel'",
            "SELECT COUNT(*) FROM profiles WHERE list_contains(interests, 'travel')"),
        new("count2", "2-tag audience",
            "SELECT COUNT(*) FROM profiles WHERE gender = 'female' AND interests HAS 'beauty'",
            "SELECT COUNT(*) FROM profiles WHERE gender = 'female' AND list_contains(interests, 'beauty')"),
        new("count4", "4-tag audience",
            "SELECT COUNT(*) FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' AND city = '北京'",
            "SELECT COUNT(*) FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' AND city = '北京'"),
        new("count8", "8-tag audience",
            "SELECT COUNT(*) FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' AND city = '上海' AND channel = 'app' AND coupon_use AND education = 'bachelor' AND interests HAS 'food'",
            "SELECT COUNT(*) FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' AND city = '上海' AND channel = 'app' AND coupon_use AND education = 'bachelor' AND list_contains(interests, 'food')"),
        new("or-not", "OR of three tags, minus two",
            "SELECT COUNT(*) FROM profiles WHERE (city = '上海' OR city = '北京' OR interests HAS 'luxury') AND NOT (member_level = 'bronze') AND NOT (interests HAS 'gaming')",
            "SELECT COUNT(*) FROM profiles WHERE (city = '上海' OR city = '北京' OR list_contains(interests, 'luxury')) AND NOT (member_level = 'bronze') AND NOT (list_contains(interests, 'gaming'))"),
        new("has-any", "TAGS HAS ANY of three, with a category",
            "SELECT COUNT(*) FROM profiles WHERE gender = 'male' AND interests HAS ANY ('gaming', 'esports', 'anime')",
            "SELECT COUNT(*) FROM profiles WHERE gender = 'male' AND list_has_any(interests, ['gaming', 'esports', 'anime'])"),
        new("has-all", "TAGS HAS ALL of three",
            "SELECT COUNT(*) FROM profiles WHERE interests HAS ALL ('travel', 'food', 'movies')",
            "SELECT COUNT(*) FROM profiles WHERE list_has_all(interests, ['travel', 'food', 'movies'])"),

        // ---- Tags with numeric ranges and date windows.
        new("tags+ranges", "2 tags, an INT range and a DECIMAL bound",
            "SELECT COUNT(*) FROM profiles WHERE age BETWEEN 25 AND 34 AND total_spend > 1000 AND gender = 'female' AND phone_brand = 'iPhone'",
            "SELECT COUNT(*) FROM profiles WHERE age BETWEEN 25 AND 34 AND total_spend > 1000 AND gender = 'female' AND phone_brand = 'iPhone'"),
        new("last-30-days", "last order in the last 30 days (fixed today)",
            $"SELECT COUNT(*) FROM profiles WHERE last_order_date >= DATE '{Today}' - INTERVAL 30 DAY",
            $"SELECT COUNT(*) FROM profiles WHERE last_order_date >= DATE '{Today}' - INTERVAL 30 DAY"),

        // ---- Breakdowns by a 2-, ~6- and 300-value dimension, with COUNT, SUM and AVG.
        new("by-gender", "breakdown by a 2-value dimension",
            "SELECT gender, COUNT(*) AS n, SUM(total_spend) AS spend, AVG(total_spend) AS avg_spend FROM profiles GROUP BY gender ORDER BY gender",
            "SELECT gender, COUNT(*) AS n, SUM(total_spend) AS spend, AVG(total_spend) AS avg_spend FROM profiles GROUP BY gender ORDER BY gender::VARCHAR"),
        new("by-income", "breakdown by income_band (5 values and NULL), AVG over a nullable column",
            "SELECT income_band, COUNT(*) AS n, SUM(total_spend) AS spend, AVG(avg_order_value) AS avg_order FROM profiles GROUP BY income_band ORDER BY income_band",
            "SELECT income_band, COUNT(*) AS n, SUM(total_spend) AS spend, AVG(avg_order_value) AS avg_order FROM profiles GROUP BY income_band ORDER BY income_band::VARCHAR"),
        new("by-city", "breakdown by a 300-value dimension",
            "SELECT city, COUNT(*) AS n, SUM(total_spend) AS spend, AVG(total_spend) AS avg_spend FROM profiles GROUP BY city ORDER BY city",
            "SELECT city, COUNT(*) AS n, SUM(total_spend) AS spend, AVG(total_spend) AS avg_spend FROM profiles GROUP BY city ORDER BY city::VARCHAR"),
        new("audience-by-city", "city breakdown of a 3-tag audience",
            "SELECT city, COUNT(*) AS n, AVG(total_spend) AS avg_spend FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' GROUP BY city ORDER BY n DESC, city",
            "SELECT city, COUNT(*) AS n, AVG(total_spend) AS avg_spend FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' GROUP BY city ORDER BY n DESC, city::VARCHAR"),
        new("province×level", "two-dimension GROUP BY (31 × 5) of a 1-tag audience",
            "SELECT province, member_level, COUNT(*) AS n, AVG(total_spend) AS avg_spend FROM profiles WHERE interests HAS 'travel' GROUP BY province, member_level ORDER BY province, member_level",
            "SELECT province, member_level, COUNT(*) AS n, AVG(total_spend) AS avg_spend FROM profiles WHERE list_contains(interests, 'travel') GROUP BY province, member_level ORDER BY province::VARCHAR, member_level::VARCHAR"),
        new("age-buckets", "BUCKET on age of a 1-tag audience",
            "SELECT BUCKET(age, 18, 25, 35, 45, 55, 65) AS age_band, COUNT(*) AS n, AVG(total_spend) AS avg_spend FROM profiles WHERE gender = 'female' GROUP BY age_band ORDER BY age_band",
            "SELECT CASE WHEN age IS NULL THEN NULL WHEN age < 18 THEN '[-inf,18)' WHEN age < 25 THEN '[18,25)' WHEN age < 35 THEN '[25,35)' WHEN age < 45 THEN '[35,45)' "
                + "WHEN age < 55 THEN '[45,55)' WHEN age < 65 THEN '[55,65)' ELSE '[65,+inf)' END AS age_band, COUNT(*) AS n, AVG(total_spend) AS avg_spend FROM profiles WHERE gender = 'female' GROUP BY age_band ORDER BY age_band"),
        new("top10-cities", "top 10 cities by total spend",
            "SELECT city, SUM(total_spend) AS spend FROM profiles GROUP BY city ORDER BY spend DESC, city LIMIT 10",
            "SELECT city, SUM(total_spend) AS spend FROM profiles GROUP BY city ORDER BY spend DESC, city::VARCHAR LIMIT 10"),

        // ---- Listing and distinct counts.
        // The first 1,000 ids of the audience in row order. PortraitDb returns rows in row-id (load) order; DuckDB keeps
        // insertion order under LIMIT while preserve_insertion_order is true (its default). customer_id grows with the
        // row number, so ORDER BY customer_id pins that order down: the reference query checks DuckDB's answer once,
        // and the timed queries stay plain LIMITs that may stop early.
        new("ids-limit-1000", "first 1,000 ids of a 3-tag audience, in row order",
            "SELECT customer_id FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' LIMIT 1000",
            "SELECT customer_id FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' LIMIT 1000",
            DuckReferenceSql: "SELECT customer_id FROM profiles WHERE gender = 'female' AND single AND phone_brand = 'iPhone' ORDER BY customer_id LIMIT 1000"),
        new("distinct-cities", "COUNT(DISTINCT city) of a 2-tag audience",
            "SELECT COUNT(DISTINCT city) FROM profiles WHERE gender = 'female' AND interests HAS 'luxury'",
            "SELECT COUNT(DISTINCT city) FROM profiles WHERE gender = 'female' AND list_contains(interests, 'luxury')"),

        // ---- Portrait analytics: a TGI portrait and a Venn table.
        new("profile-4tag-5dims", "PROFILE of a 4-tag audience by 5 dimensions (count, share and TGI against the whole table)",
            $"PROFILE {ProfileAudience} ON profiles BY {string.Join(", ", ProfileDimensions.Select(dimension => dimension.Portrait))} ORDER BY value",
            ProfileDuckSql()),
        new("overlap-3", "OVERLAP of 3 audiences: Jaccard matrix, the 7 Venn regions and the union",
            $"OVERLAP {string.Join(", ", OverlapAudiences.Select(audience => $"{audience.Portrait} AS {audience.Name}"))} ON profiles",
            OverlapDuckSql()),
    ];

    // A 4-tag audience (2 categories of tag, a BOOL and an interest) that none of the profile's dimensions defines.
    private const string ProfileAudience = "gender = 'female' AND single AND interests HAS 'travel' AND coupon_use";
    private const string ProfileAudienceDuck = "gender = 'female' AND single AND list_contains(interests, 'travel') AND coupon_use";

    private const string AgeBandDuck =
        "CASE WHEN age IS NULL THEN NULL WHEN age < 18 THEN '[-inf,18)' WHEN age < 25 THEN '[18,25)' WHEN age < 35 THEN '[25,35)' WHEN age < 45 THEN '[35,45)' "
        + "WHEN age < 55 THEN '[45,55)' WHEN age < 65 THEN '[55,65)' ELSE '[65,+inf)' END";

    /// <summary>The dimensions of <c>profile-4tag-5dims</c>: as PortraitDb writes them (also the dimension's name in the result) and as a DuckDB value.</summary>
    private static (string Portrait, string Duck)[] ProfileDimensions =>
    [
        ("city", "city::VARCHAR"),
        ("BUCKET(age, 18, 25, 35, 45, 55, 65)", AgeBandDuck),
        ("occupation", "occupation::VARCHAR"),
        ("income_band", "income_band::VARCHAR"),
        ("phone_brand", "phone_brand::VARCHAR"),
    ];

    /// <summary>
    /// PROFILE in DuckDB: one GROUP BY per dimension with the audience counted by a FILTER, UNION ALL'd, shares and TGI
    /// from the two sizes; rows by dimension, then value (NULL last), as <c>ORDER BY value</c> gives them in PortraitDb.
    /// </summary>
    private static string ProfileDuckSql()
    {
        var parts = ProfileDimensions.Select((dimension, index) =>
            $"SELECT {index} AS o, '{dimension.Portrait}' AS dimension, {dimension.Duck} AS value, COUNT(*) FILTER (WHERE a) AS ac, COUNT(*) AS bc FROM flagged GROUP BY 3");
        return $"WITH flagged AS (SELECT *, ({ProfileAudienceDuck}) AS a FROM profiles), "
            + "sizes AS (SELECT COUNT(*) FILTER (WHERE a) AS na, COUNT(*) AS nb FROM flagged) "
            + "SELECT dimension, value, ac, ac / na, bc, bc / nb, 100.0 * (ac / na) / (bc / nb) "
            + $"FROM ({string.Join(" UNION ALL ", parts)}) AS counts, sizes ORDER BY o, value NULLS LAST";
    }

    private static (string Name, string Portrait, string Duck)[] OverlapAudiences =>
    [
        ("young_women", "gender = 'female' AND age < 30", "gender = 'female' AND age < 30"),
        ("travellers", "interests HAS 'travel'", "list_contains(interests, 'travel')"),
        ("iphone", "phone_brand = 'iPhone'", "phone_brand = 'iPhone'"),
    ];

    /// <summary>
    /// OVERLAP in DuckDB: every intersection and every exact region counted by FILTERs in one pass, then the rows of
    /// PortraitDb's result (the Jaccard matrix, the 7 regions by size of the set of audiences, the union) built from them.
    /// </summary>
    private static string OverlapDuckSql()
    {
        int n = OverlapAudiences.Length;
        string Flag(int bit) => $"f{bit}";
        string Inter(int mask) => $"i{mask}";
        string Exact(int mask) => $"e{mask}";
        var counts = new List<string>();
        for (int mask = 1; mask < 1 << n; mask++)
        {
            var inside = Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) != 0).Select(Flag);
            var outside = Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) == 0).Select(bit => $"NOT {Flag(bit)}");
            counts.Add($"COUNT(*) FILTER (WHERE {string.Join(" AND ", inside)}) AS {Inter(mask)}");
            counts.Add($"COUNT(*) FILTER (WHERE {string.Join(" AND ", inside.Concat(outside))}) AS {Exact(mask)}");
        }
        counts.Add($"COUNT(*) FILTER (WHERE {string.Join(" OR ", Enumerable.Range(0, n).Select(Flag))}) AS u");
        var rows = new List<string>();
        int order = 0;
        for (int first = 0; first < n; first++)
        {
            var jaccard = Enumerable.Range(0, n).Select(second =>
            {
                int both = (1 << first) | (1 << second);
                return $"{Inter(both)} / ({Inter(1 << first)} + {Inter(1 << second)} - {Inter(both)})";
            });
            rows.Add($"SELECT {order++} AS o, 'audience' AS section, '{OverlapAudiences[first].Name}' AS audiences, {Inter(1 << first)} AS count, {Inter(1 << first)} / u AS share, {string.Join(", ", jaccard)} FROM c");
        }
        var nulls = string.Join(", ", Enumerable.Repeat("NULL::DOUBLE", n));
        foreach (int mask in Enumerable.Range(1, (1 << n) - 1).OrderBy(mask => System.Numerics.BitOperations.PopCount((uint)mask)).ThenBy(mask => mask))
        {
            string names = string.Join(" & ", Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) != 0).Select(bit => OverlapAudiences[bit].Name));
            rows.Add($"SELECT {order++}, 'region', '{names}', {Exact(mask)}, {Exact(mask)} / u, {nulls} FROM c");
        }
        rows.Add($"SELECT {order}, 'union', '{string.Join(" | ", OverlapAudiences.Select(audience => audience.Name))}', u, u / u, {nulls} FROM c");
        string flags = string.Join(", ", OverlapAudiences.Select((audience, bit) => $"({audience.Duck}) AS {Flag(bit)}"));
        return $"WITH m AS (SELECT {flags} FROM profiles), c AS (SELECT {string.Join(", ", counts)} FROM m) "
            + $"SELECT * EXCLUDE (o) FROM ({string.Join(" UNION ALL ", rows)}) ORDER BY o";
    }

    /// <summary>
    /// Checks a table loaded from CSV against the one loaded through the appender: counts, sums and a distinct count
    /// that would move if any column were read wrongly.
    /// </summary>
    public static WorkloadQuery ImportFingerprint { get; } = new("import-fingerprint", "checks an imported table",
        "SELECT COUNT(*) AS n, SUM(total_spend) AS spend, SUM(age) AS ages, COUNT(last_order_date) AS ordered, COUNT(avg_order_value) AS averaged, COUNT(DISTINCT city) AS cities FROM profiles WHERE interests HAS 'travel' AND single AND NOT coupon_use",
        "SELECT COUNT(*) AS n, SUM(total_spend) AS spend, SUM(age) AS ages, COUNT(last_order_date) AS ordered, COUNT(avg_order_value) AS averaged, COUNT(DISTINCT city) AS cities FROM profiles WHERE list_contains(interests, 'travel') AND single AND NOT coupon_use");

    /// <summary>The queries whose name contains one of the comma-separated parts of <paramref name="filter"/> (case-insensitive), or all of them.</summary>
    public static IReadOnlyList<WorkloadQuery> Select(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
            return Queries;
        string[] parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. Queries.Where(query => parts.Any(part => query.Name.Contains(part, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>The workload as a Markdown table: name, question, PortraitDb SQL, DuckDB SQL.</summary>
    public static string ToMarkdown()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("| name | question | PortraitDb SQL | DuckDB SQL |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var query in Queries)
        {
            string duck = query.DuckSql == query.PortraitSql ? "same" : Code(query.DuckSql);
            if (query.DuckReferenceSql is not null)
                duck += "; checked against " + Code(query.DuckReferenceSql);
            text.AppendLine($"| {query.Name} | {query.What} | {Code(query.PortraitSql)} | {duck} |");
        }
        return text.ToString();
    }

    private static string Code(string sql) => "`" + sql.Replace("|", "\\|", StringComparison.Ordinal) + "`";
}
