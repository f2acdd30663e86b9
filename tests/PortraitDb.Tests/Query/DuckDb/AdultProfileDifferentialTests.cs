using System.Globalization;
using Xunit.Abstractions;

namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// PROFILE, COMPARE and OVERLAP on UCI Adult (32,561 people, NULLs in three columns) against the same portraits
/// written as DuckDB SQL: a GROUP BY per dimension with the audience counted by a FILTER, UNION ALL'd, shares and TGI
/// from the set sizes; Venn regions and Jaccard indexes from counts of flags.
/// </summary>
public sealed class AdultProfileDifferentialTests(AdultDifferentialTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<AdultDifferentialTests.Fixture>
{
    private const string AgeBands =
        "CASE WHEN age < 25 THEN '[-inf,25)' WHEN age < 35 THEN '[25,35)' WHEN age < 45 THEN '[35,45)' "
        + "WHEN age < 55 THEN '[45,55)' WHEN age < 65 THEN '[55,65)' ELSE '[65,+inf)' END";

    /// <summary>A PROFILE in DuckDB: dimensions as (name as PortraitDb shows it, DuckDB value expression), audience and base as DuckDB conditions.</summary>
    private static string Profile(string audience, string? versus, (string Name, string Value)[] dimensions, string order = "o, value NULLS LAST", int? limit = null)
    {
        string baseCondition = versus ?? "TRUE";
        var parts = dimensions.Select((dimension, index) =>
            $"SELECT {index} AS o, '{dimension.Name}' AS dimension, {dimension.Value} AS value, COUNT(*) FILTER (WHERE a) AS ac, COUNT(*) FILTER (WHERE b) AS bc FROM f WHERE a OR b GROUP BY 3");
        string ranked = $"SELECT dimension, value, ac, ac / na AS ashare, bc, bc / nb AS bshare, CASE WHEN bc = 0 THEN NULL ELSE 100.0 * (ac / na) / (bc / nb) END AS tgi, o "
            + $"FROM ({string.Join(" UNION ALL ", parts)}) AS counts, s";
        string filter = limit is null ? "" : $" QUALIFY ROW_NUMBER() OVER (PARTITION BY o ORDER BY {order.Replace("o, ", "", StringComparison.Ordinal)}) <= {limit}";
        return $"WITH f AS (SELECT *, ({audience}) IS TRUE AS a, ({baseCondition}) IS TRUE AS b FROM adult), "
            + "s AS (SELECT COUNT(*) FILTER (WHERE a) AS na, COUNT(*) FILTER (WHERE b) AS nb FROM f) "
            + $"SELECT dimension, value, ac, ashare, bc, bshare, tgi FROM ({ranked}){filter} ORDER BY {order}";
    }

    private static readonly DifferentialCase[] Cases =
    [
        new("profile_women",
            "PROFILE sex = 'Female' ON adult BY race, education, BUCKET(age, 25, 35, 45, 55, 65), workclass, native_country ORDER BY value",
            Profile("sex = 'Female'", null,
                [("race", "race"), ("education", "education"), ("BUCKET(age, 25, 35, 45, 55, 65)", AgeBands), ("workclass", "workclass"), ("native_country", "native_country")])),
        new("profile_rich_vs_not",
            "PROFILE income = '>50K' VS income = '<=50K' ON adult BY occupation, marital_status ORDER BY value",
            Profile("income = '>50K'", "income = '<=50K'", [("occupation", "occupation"), ("marital_status", "marital_status")])),
        new("profile_nullable_audience_top_tgi",
            "PROFILE workclass = 'Private' AND hours_per_week > 45 ON adult BY occupation, relationship ORDER BY tgi DESC LIMIT 4",
            Profile("workclass = 'Private' AND hours_per_week > 45", null, [("occupation", "occupation"), ("relationship", "relationship")],
                order: "o, tgi DESC NULLS LAST, value IS NULL, ac DESC, bc DESC, value", limit: 4)),
        new("profile_natural_order",
            "PROFILE education_num >= 13 ON adult BY sex, race",
            Profile("education_num >= 13", null, [("sex", "sex"), ("race", "race")], order: "o, value IS NULL, ac DESC, bc DESC, value")),
        new("profile_measures", "PROFILE sex = 'Female' AND income = '>50K' ON adult MEASURES age, hours_per_week", Measures("sex = 'Female' AND income = '>50K'", ["age", "hours_per_week"])),
        new("compare_by_sex",
            "COMPARE sex = 'Female' AS women, sex = 'Male' AS men ON adult BY race, workclass",
            "WITH f AS (SELECT *, sex = 'Female' AS w, sex = 'Male' AS m FROM adult), s AS (SELECT COUNT(*) FILTER (WHERE w) AS nw, COUNT(*) FILTER (WHERE m) AS nm, COUNT(*) AS nb FROM f) "
            + "SELECT dimension, value, wc, wc / nw, 100.0 * (wc / nw) / (bc / nb), mc, mc / nm, 100.0 * (mc / nm) / (bc / nb), bc, bc / nb FROM ("
            + "SELECT 0 AS o, 'race' AS dimension, race AS value, COUNT(*) FILTER (WHERE w) AS wc, COUNT(*) FILTER (WHERE m) AS mc, COUNT(*) AS bc FROM f GROUP BY 3 UNION ALL "
            + "SELECT 1, 'workclass', workclass, COUNT(*) FILTER (WHERE w), COUNT(*) FILTER (WHERE m), COUNT(*) FROM f GROUP BY 3), s "
            + "ORDER BY o, bc DESC, value IS NULL, wc DESC, value"),
        new("overlap_three", "OVERLAP sex = 'Female' AS women, income = '>50K' AS rich, age < 30 AS young ON adult",
            Overlap([("women", "sex = 'Female'"), ("rich", "income = '>50K'"), ("young", "age < 30")])),
    ];

    /// <summary>MEASURES in DuckDB: per measure, rows mean, median and p90 with the non-NULL counts, the index and both values.</summary>
    private static string Measures(string audience, string[] measures)
    {
        var rows = new List<string>();
        foreach (string measure in measures)
        {
            foreach (var (name, statistic) in new[] { ("mean", $"avg({measure})"), ("median", $"quantile_cont({measure}, 0.5)"), ("p90", $"quantile_cont({measure}, 0.9)") })
            {
                rows.Add($"SELECT {rows.Count} AS o, '{measure}' AS dimension, '{name}' AS value, COUNT({measure}) FILTER (WHERE a), NULL::DOUBLE, COUNT({measure}), NULL::DOUBLE, "
                    + $"100 * ({statistic} FILTER (WHERE a)) / {statistic}, {statistic} FILTER (WHERE a), {statistic} FROM f");
            }
        }
        return $"WITH f AS (SELECT *, ({audience}) IS TRUE AS a FROM adult) SELECT * EXCLUDE (o) FROM ({string.Join(" UNION ALL ", rows)}) ORDER BY o";
    }

    /// <summary>OVERLAP's rows in DuckDB: the Jaccard matrix, the regions by the number of audiences in them, the union.</summary>
    private static string Overlap((string Name, string Condition)[] audiences)
    {
        int n = audiences.Length;
        var counts = new List<string>();
        for (int mask = 1; mask < 1 << n; mask++)
        {
            var inside = Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) != 0).Select(bit => $"f{bit}");
            var outside = Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) == 0).Select(bit => $"NOT f{bit}");
            counts.Add($"COUNT(*) FILTER (WHERE {string.Join(" AND ", inside)}) AS i{mask}");
            counts.Add($"COUNT(*) FILTER (WHERE {string.Join(" AND ", inside.Concat(outside))}) AS e{mask}");
        }
        counts.Add($"COUNT(*) FILTER (WHERE {string.Join(" OR ", Enumerable.Range(0, n).Select(bit => $"f{bit}"))}) AS u");
        var rows = new List<string>();
        int order = 0;
        for (int first = 0; first < n; first++)
        {
            var jaccard = Enumerable.Range(0, n).Select(second => $"i{(1 << first) | (1 << second)} / (i{1 << first} + i{1 << second} - i{(1 << first) | (1 << second)})");
            rows.Add($"SELECT {order++} AS o, 'audience' AS section, '{audiences[first].Name}' AS name, i{1 << first} AS count, i{1 << first} / u AS share, {string.Join(", ", jaccard)} FROM c");
        }
        string nulls = string.Join(", ", Enumerable.Repeat("NULL::DOUBLE", n));
        foreach (int mask in Enumerable.Range(1, (1 << n) - 1).OrderBy(mask => System.Numerics.BitOperations.PopCount((uint)mask)).ThenBy(mask => mask))
        {
            string names = string.Join(" & ", Enumerable.Range(0, n).Where(bit => (mask & (1 << bit)) != 0).Select(bit => audiences[bit].Name));
            rows.Add($"SELECT {order++}, 'region', '{names}', e{mask}, e{mask} / u, {nulls} FROM c");
        }
        rows.Add($"SELECT {order}, 'union', '{string.Join(" | ", audiences.Select(audience => audience.Name))}', u, u / u, {nulls} FROM c");
        string flags = string.Join(", ", audiences.Select((audience, bit) => $"({audience.Condition}) IS TRUE AS f{bit}"));
        return $"WITH m AS (SELECT {flags} FROM adult), c AS (SELECT {string.Join(", ", counts)} FROM m) SELECT * EXCLUDE (o) FROM ({string.Join(" UNION ALL ", rows)}) ORDER BY o";
    }

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names() => DifferentialCase.Names(Cases);

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Same_portrait_as_DuckDB(string name) => fixture.Check(DifferentialCase.Find(Cases, name), output);

    [SkippableFact]
    public void Automatic_buckets_count_as_DuckDB_counts_their_ranges()
    {
        string data = SharedData.RequireData("adult/adult.data");
        using var db = PortraitDatabase.CreateInMemory();
        db.Execute("CREATE TABLE adult (age INT, workclass CATEGORY, fnlwgt INT, education CATEGORY, education_num INT, marital_status CATEGORY, "
            + "occupation CATEGORY, relationship CATEGORY, race CATEGORY, sex CATEGORY, capital_gain INT, capital_loss INT, hours_per_week INT, "
            + "native_country CATEGORY, income CATEGORY)");
        db.Execute($"IMPORT '{data}' INTO adult WITH (header = false, delimiter = ', ', null = '?')");
        string sql = "PROFILE sex = 'Female' ON adult BY age, hours_per_week, capital_gain, fnlwgt";
        var result = db.Execute(sql);
        var dimensions = new[] { "age", "hours_per_week", "capital_gain", "fnlwgt" };
        var values = dimensions.Select(dimension =>
        {
            var labels = Enumerable.Range(0, result.RowCount).Where(row => (string)result[row, 0]! == dimension).Select(row => (string)result[row, 1]!).ToList();
            Assert.InRange(labels.Count, 2, 10);
            // The labels' edges, read back, give the CASE that DuckDB buckets by.
            var edges = labels.Skip(1).Select(label => long.Parse(label[1..label.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture)).ToList();
            string value = "CASE " + string.Concat(edges.Select((edge, index) => $"WHEN {dimension} < {edge} THEN '{labels[index]}' ")) + $"ELSE '{labels[^1]}' END";
            return (dimension, value);
        }).ToArray();
        // Natural order is bucket order; DuckDB sorts by the lower edge.
        var @case = new DifferentialCase("auto_buckets", sql, Profile("sex = 'Female'", null, values, order: "o, TRY_CAST(regexp_extract(value, '\\[(-?[0-9]+)', 1) AS BIGINT) NULLS FIRST"));
        fixture.Check(@case, output);
    }
}
