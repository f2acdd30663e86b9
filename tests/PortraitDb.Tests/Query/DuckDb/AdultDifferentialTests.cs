using Xunit.Abstractions;

namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// UCI Adult (adult.data, 32,561 people): audiences over categories with NULLs ('?'), ranges, LIKE and NOT IN;
/// breakdowns by one and two columns; age bands; distinct counts; quantiles. Each query is one case, checked
/// against DuckDB on the same file.
/// </summary>
public sealed class AdultDifferentialTests(AdultDifferentialTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<AdultDifferentialTests.Fixture>
{
    /// <summary>The Adult table in both engines.</summary>
    public sealed class Fixture : DatasetFixture
    {
        /// <inheritdoc/>
        protected override string RequiredData => "adult/adult.data";

        /// <inheritdoc/>
        protected override IReadOnlyList<string> PortraitSetup =>
        [
            """
            CREATE TABLE adult (age INT, workclass CATEGORY, fnlwgt INT, education CATEGORY, education_num INT,
              marital_status CATEGORY, occupation CATEGORY, relationship CATEGORY, race CATEGORY, sex CATEGORY,
              capital_gain INT, capital_loss INT, hours_per_week INT, native_country CATEGORY, income CATEGORY)
            """,
            "IMPORT '${DATA}/adult/adult.data' INTO adult WITH (header = false, delimiter = ', ', null = '?')",
        ];

        /// <inheritdoc/>
        protected override IReadOnlyList<string> DuckSetup =>
        [
            """
            CREATE TABLE adult AS SELECT * FROM read_csv('${DATA}/adult/adult.data', header = false, delim = ', ',
              nullstr = '?', quote = '', auto_detect = false, columns = {
              'age': 'INTEGER', 'workclass': 'VARCHAR', 'fnlwgt': 'INTEGER', 'education': 'VARCHAR', 'education_num': 'INTEGER',
              'marital_status': 'VARCHAR', 'occupation': 'VARCHAR', 'relationship': 'VARCHAR', 'race': 'VARCHAR', 'sex': 'VARCHAR',
              'capital_gain': 'INTEGER', 'capital_loss': 'INTEGER', 'hours_per_week': 'INTEGER', 'native_country': 'VARCHAR',
              'income': 'VARCHAR'})
            """,
        ];
    }

    private const string AgeBandsDuck =
        "CASE WHEN age < 25 THEN '[-inf,25)' WHEN age < 35 THEN '[25,35)' WHEN age < 45 THEN '[35,45)' "
        + "WHEN age < 55 THEN '[45,55)' WHEN age < 65 THEN '[55,65)' ELSE '[65,+inf)' END";

    private static readonly DifferentialCase[] Queries =
    [
        new("import_whole_table",
            "SELECT * FROM adult ORDER BY fnlwgt, age, education_num, hours_per_week, capital_gain, capital_loss, workclass, education, "
            + "marital_status, occupation, relationship, race, sex, native_country, income"),

        // ---- audiences ----
        new("count_all", "SELECT COUNT(*) FROM adult"),
        new("female_never_married", "SELECT COUNT(*) FROM adult WHERE sex = 'Female' AND marital_status = 'Never-married'"),
        new("five_predicates",
            "SELECT COUNT(*) FROM adult WHERE sex = 'Male' AND age BETWEEN 25 AND 45 AND education IN ('Bachelors', 'Masters', 'Doctorate') "
            + "AND hours_per_week >= 50 AND native_country IS NOT NULL"),
        new("or_inside_and_not",
            "SELECT COUNT(*) FROM adult WHERE (occupation = 'Sales' OR occupation = 'Exec-managerial') AND NOT (relationship = 'Husband')"),
        new("not_in_drops_nulls", "SELECT COUNT(*) FROM adult WHERE native_country NOT IN ('United-States', 'Mexico')"),
        new("in_with_null_in_list", "SELECT COUNT(*) FROM adult WHERE workclass IN ('Never-worked', NULL)"),
        new("not_equal_drops_nulls", "SELECT COUNT(*) FROM adult WHERE occupation <> 'Prof-specialty' AND workclass <> 'Private'"),
        new("either_null", "SELECT COUNT(*) FROM adult WHERE workclass IS NULL OR occupation IS NULL"),
        new("not_of_or", "SELECT COUNT(*) FROM adult WHERE NOT (race = 'White' OR native_country = 'United-States')"),
        new("like_and_not_like", "SELECT COUNT(*) FROM adult WHERE occupation LIKE '%-%' AND education NOT LIKE '%grad%'"),
        new("like_underscore", "SELECT COUNT(*) FROM adult WHERE native_country LIKE '_n%' OR marital_status LIKE 'Married-_F%'"),
        new("not_between", "SELECT COUNT(*) FROM adult WHERE age NOT BETWEEN 20 AND 60 AND income = '>50K'"),
        new("gains_no_losses", "SELECT COUNT(*) FROM adult WHERE capital_gain >= 5000 AND capital_loss = 0 AND income = '<=50K'"),
        new("integer_range_or_category",
            "SELECT COUNT(*) FROM adult WHERE (age < 22 OR age > 70) AND (hours_per_week > 40 OR workclass = 'Self-emp-inc')"),

        // ---- breakdowns ----
        new("by_sex_race",
            "SELECT sex, race, COUNT(*) AS n, ROUND(AVG(age), 3) AS avg_age, MIN(age) AS youngest, MAX(hours_per_week) AS longest "
            + "FROM adult GROUP BY sex, race ORDER BY sex, race"),
        new("by_education_num", "SELECT education_num, education, COUNT(*) AS n FROM adult GROUP BY education_num, education ORDER BY education_num"),
        new("weighted_population_by_income", "SELECT income, SUM(fnlwgt) AS population, AVG(fnlwgt) AS mean_weight FROM adult GROUP BY income ORDER BY income"),
        new("group_by_positions_with_nulls", "SELECT workclass, sex, COUNT(*) FROM adult GROUP BY 1, 2 ORDER BY 1, 2"),
        new("order_desc_nulls", "SELECT native_country, COUNT(*) AS n FROM adult WHERE age > 80 GROUP BY native_country ORDER BY native_country DESC"),
        new("count_column_counts_non_null",
            "SELECT race, COUNT(occupation) AS known, COUNT(workclass) AS with_class, COUNT(*) AS n FROM adult GROUP BY race ORDER BY race"),
        new("net_gain_average", "SELECT relationship, AVG(capital_gain - capital_loss) AS net FROM adult GROUP BY relationship ORDER BY relationship"),
        new("rich_share_by_sex",
            "SELECT sex, ROUND(100.0 * SUM(CASE WHEN income = '>50K' THEN 1 ELSE 0 END) / COUNT(*), 4) AS rich_pct FROM adult GROUP BY sex ORDER BY sex"),
        new("integer_division", "SELECT SUM(capital_gain) / COUNT(*) AS mean_gain FROM adult"),
        new("min_max_of_category", "SELECT MIN(native_country), MAX(native_country), MIN(education), MAX(occupation) FROM adult"),
        new("sum_of_empty_audience", "SELECT COUNT(*), SUM(age), AVG(age), MIN(age), MEDIAN(age) FROM adult WHERE sex = 'Martian'"),

        // ---- age bands ----
        new("age_bands",
            "SELECT BUCKET(age, 25, 35, 45, 55, 65) AS band, COUNT(*) AS n, ROUND(AVG(hours_per_week), 4) AS hours FROM adult GROUP BY band ORDER BY band",
            $"SELECT {AgeBandsDuck} AS band, COUNT(*) AS n, ROUND(AVG(hours_per_week), 4) AS hours FROM adult GROUP BY band ORDER BY band"),
        new("age_bands_by_sex_for_rich",
            "SELECT BUCKET(age, 25, 35, 45, 55, 65) AS band, sex, COUNT(*) AS n FROM adult WHERE income = '>50K' GROUP BY band, sex ORDER BY band, sex",
            $"SELECT {AgeBandsDuck} AS band, sex, COUNT(*) AS n FROM adult WHERE income = '>50K' GROUP BY band, sex ORDER BY band, sex"),
        new("gain_bands_by_count",
            "SELECT BUCKET(capital_gain, 1, 5000, 10000) AS band, COUNT(*) AS n FROM adult GROUP BY band ORDER BY n DESC",
            "SELECT CASE WHEN capital_gain < 1 THEN '[-inf,1)' WHEN capital_gain < 5000 THEN '[1,5000)' WHEN capital_gain < 10000 THEN '[5000,10000)' "
            + "ELSE '[10000,+inf)' END AS band, COUNT(*) AS n FROM adult GROUP BY band ORDER BY n DESC"),

        // ---- distinct, having, top-n ----
        new("distinct_countries_by_race", "SELECT race, COUNT(DISTINCT native_country) AS countries FROM adult GROUP BY race ORDER BY race"),
        new("distinct_with_filter", "SELECT COUNT(DISTINCT occupation), COUNT(DISTINCT age) FROM adult WHERE hours_per_week > 60"),
        new("having_average",
            "SELECT occupation, COUNT(*) AS n, ROUND(AVG(hours_per_week), 3) AS hours FROM adult GROUP BY occupation HAVING AVG(hours_per_week) > 42 ORDER BY occupation"),
        new("top_countries",
            "SELECT native_country, COUNT(*) AS n FROM adult WHERE native_country <> 'United-States' GROUP BY native_country ORDER BY n DESC, native_country LIMIT 5"),
        new("page_of_occupations", "SELECT occupation, COUNT(*) AS n FROM adult GROUP BY occupation ORDER BY n DESC, occupation LIMIT 5 OFFSET 3"),
        new("row_listing",
            "SELECT age, workclass, education, fnlwgt FROM adult WHERE fnlwgt > 1000000 ORDER BY fnlwgt DESC, age LIMIT 10"),

        // ---- quantiles ----
        new("median_age_by_income", "SELECT income, MEDIAN(age) AS median_age FROM adult GROUP BY income ORDER BY income"),
        new("hours_quartiles_by_sex",
            "SELECT sex, QUANTILE_CONT(hours_per_week, 0.25) AS q1, QUANTILE_CONT(hours_per_week, 0.75) AS q3 FROM adult GROUP BY sex ORDER BY sex"),
        new("median_weight_of_audience", "SELECT MEDIAN(fnlwgt), QUANTILE_CONT(fnlwgt, 0.9) FROM adult WHERE education = 'Masters' AND sex = 'Female'"),
    ];

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names() => DifferentialCase.Names(Queries);

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Same_answer_as_DuckDB(string query) => fixture.Check(DifferentialCase.Find(Queries, query), output);
}
