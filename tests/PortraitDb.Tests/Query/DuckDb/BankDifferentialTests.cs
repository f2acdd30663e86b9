using Xunit.Abstractions;

namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// UCI Bank Marketing (bank-full.csv, 45,211 contacts; quoted, ';'-separated, yes/no columns as categories):
/// campaign audiences, conversion breakdowns, balance bands, distinct counts and quantiles, checked against DuckDB.
/// </summary>
public sealed class BankDifferentialTests(BankDifferentialTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<BankDifferentialTests.Fixture>
{
    /// <summary>The bank table in both engines.</summary>
    public sealed class Fixture : DatasetFixture
    {
        /// <inheritdoc/>
        protected override string RequiredData => "bank-marketing/bank-full.csv";

        /// <inheritdoc/>
        protected override IReadOnlyList<string> PortraitSetup =>
        [
            """
            CREATE TABLE bank (age INT, job CATEGORY, marital CATEGORY, education CATEGORY, "default" CATEGORY,
              balance INT, housing CATEGORY, loan CATEGORY, contact CATEGORY, day INT, month CATEGORY, duration INT,
              campaign INT, pdays INT, previous INT, poutcome CATEGORY, y CATEGORY)
            """,
            "IMPORT '${DATA}/bank-marketing/bank-full.csv' INTO bank WITH (header = true, delimiter = ';')",
            // The same file with the yes/no columns as BOOL, for bare boolean predicates.
            """
            CREATE TABLE flags (age INT, job CATEGORY, marital CATEGORY, education CATEGORY, "default" BOOL,
              balance INT, housing BOOL, loan BOOL, contact CATEGORY, day INT, month CATEGORY, duration INT,
              campaign INT, pdays INT, previous INT, poutcome CATEGORY, y BOOL)
            """,
            "IMPORT '${DATA}/bank-marketing/bank-full.csv' INTO flags WITH (header = true, delimiter = ';')",
        ];

        /// <inheritdoc/>
        protected override IReadOnlyList<string> DuckSetup =>
        [
            """
            CREATE TABLE bank AS SELECT * FROM read_csv('${DATA}/bank-marketing/bank-full.csv', header = true, delim = ';',
              quote = '"', auto_detect = false, columns = {
              'age': 'INTEGER', 'job': 'VARCHAR', 'marital': 'VARCHAR', 'education': 'VARCHAR', 'default': 'VARCHAR',
              'balance': 'INTEGER', 'housing': 'VARCHAR', 'loan': 'VARCHAR', 'contact': 'VARCHAR', 'day': 'INTEGER',
              'month': 'VARCHAR', 'duration': 'INTEGER', 'campaign': 'INTEGER', 'pdays': 'INTEGER', 'previous': 'INTEGER',
              'poutcome': 'VARCHAR', 'y': 'VARCHAR'})
            """,
            """
            CREATE TABLE flags AS SELECT * FROM read_csv('${DATA}/bank-marketing/bank-full.csv', header = true, delim = ';',
              quote = '"', auto_detect = false, columns = {
              'age': 'INTEGER', 'job': 'VARCHAR', 'marital': 'VARCHAR', 'education': 'VARCHAR', 'default': 'BOOLEAN',
              'balance': 'INTEGER', 'housing': 'BOOLEAN', 'loan': 'BOOLEAN', 'contact': 'VARCHAR', 'day': 'INTEGER',
              'month': 'VARCHAR', 'duration': 'INTEGER', 'campaign': 'INTEGER', 'pdays': 'INTEGER', 'previous': 'INTEGER',
              'poutcome': 'VARCHAR', 'y': 'BOOLEAN'})
            """,
        ];
    }

    private const string AgeBandsDuck =
        "CASE WHEN age < 30 THEN '[-inf,30)' WHEN age < 40 THEN '[30,40)' WHEN age < 50 THEN '[40,50)' WHEN age < 60 THEN '[50,60)' ELSE '[60,+inf)' END";

    private const string BalanceBandsDuck =
        "CASE WHEN balance < 0 THEN '[-inf,0)' WHEN balance < 1000 THEN '[0,1000)' WHEN balance < 5000 THEN '[1000,5000)' ELSE '[5000,+inf)' END";

    private static readonly DifferentialCase[] Queries =
    [
        new("import_whole_table",
            "SELECT * FROM bank ORDER BY age, job, marital, education, \"default\", balance, housing, loan, contact, day, month, duration, "
            + "campaign, pdays, previous, poutcome, y"),

        // ---- audiences ----
        new("young_single_subscribers", "SELECT COUNT(*) FROM bank WHERE y = 'yes' AND age < 30 AND marital = 'single'"),
        new("balance_range_housing", "SELECT COUNT(*) FROM bank WHERE balance BETWEEN 0 AND 1000 AND housing = 'yes' AND loan = 'no'"),
        new("never_contacted", "SELECT COUNT(*) FROM bank WHERE pdays = -1 AND poutcome = 'unknown' AND previous = 0"),
        new("not_in_and_not_equal", "SELECT COUNT(*) FROM bank WHERE job NOT IN ('unknown', 'student', 'retired') AND education <> 'unknown'"),
        new("summer_or_long_call", "SELECT COUNT(*) FROM bank WHERE month IN ('may', 'jun', 'jul', 'aug') OR duration > 1000"),
        new("quoted_column_default", "SELECT COUNT(*) FROM bank WHERE \"default\" = 'yes' AND balance < 0"),
        new("like_hyphen_jobs", "SELECT COUNT(*) FROM bank WHERE job LIKE '%-%' AND NOT contact = 'unknown'"),
        new("five_predicates",
            "SELECT COUNT(*) FROM bank WHERE age >= 40 AND job IN ('management', 'technician') AND marital <> 'divorced' "
            + "AND balance > 2000 AND (y = 'yes' OR poutcome = 'success')"),
        new("not_of_and", "SELECT COUNT(*) FROM bank WHERE NOT (housing = 'yes' AND loan = 'yes') AND campaign > 3"),
        new("early_may_days", "SELECT contact, COUNT(*) AS n FROM bank WHERE day BETWEEN 1 AND 10 AND month = 'may' GROUP BY contact ORDER BY contact"),

        // ---- yes/no as BOOL ----
        new("bare_bool_predicates", "SELECT COUNT(*) FROM flags WHERE y AND NOT loan AND (housing OR \"default\")"),
        new("bool_compared", "SELECT COUNT(*) FROM flags WHERE y = true AND housing <> loan"),
        new("not_bool_or", "SELECT COUNT(*) FROM flags WHERE NOT (y OR housing) AND balance > 0"),
        new("group_by_bools", "SELECT y, housing, COUNT(*) AS n, ROUND(AVG(balance), 4) AS mean FROM flags GROUP BY y, housing ORDER BY y DESC, housing"),
        new("bool_aggregates", "SELECT MIN(y), MAX(y), COUNT(DISTINCT loan), SUM(CASE WHEN y THEN 1 ELSE 0 END) FROM flags WHERE age > 60"),

        // ---- breakdowns ----
        new("balance_by_job",
            "SELECT job, COUNT(*) AS n, SUM(balance) AS total, ROUND(AVG(balance), 2) AS mean, MIN(balance) AS lowest, MAX(balance) AS highest "
            + "FROM bank GROUP BY job ORDER BY job"),
        new("marital_by_outcome", "SELECT marital, y, COUNT(*) AS n, AVG(duration) AS mean_call FROM bank GROUP BY marital, y ORDER BY marital, y"),
        new("conversion_by_month",
            "SELECT month, COUNT(*) AS n, ROUND(AVG(CASE WHEN y = 'yes' THEN 1.0 ELSE 0 END), 6) AS rate FROM bank GROUP BY month ORDER BY month"),
        new("order_by_aggregate_not_selected", "SELECT job FROM bank GROUP BY job ORDER BY SUM(balance) DESC LIMIT 5"),
        new("order_by_expression", "SELECT education, COUNT(*) AS n FROM bank GROUP BY education ORDER BY COUNT(*) * -1, education"),
        new("total_duration", "SELECT SUM(duration), SUM(campaign), COUNT(*) FROM bank WHERE y = 'yes'"),
        new("previous_campaign_effect",
            "SELECT poutcome, ROUND(AVG(campaign), 6) AS calls, MAX(previous) AS most FROM bank WHERE previous > 0 GROUP BY poutcome ORDER BY poutcome"),

        // ---- bands ----
        new("age_bands_conversion",
            "SELECT BUCKET(age, 30, 40, 50, 60) AS band, COUNT(*) AS n, SUM(CASE WHEN y = 'yes' THEN 1 ELSE 0 END) AS yes FROM bank GROUP BY band ORDER BY band",
            $"SELECT {AgeBandsDuck} AS band, COUNT(*) AS n, SUM(CASE WHEN y = 'yes' THEN 1 ELSE 0 END) AS yes FROM bank GROUP BY band ORDER BY band"),
        new("balance_bands_by_housing",
            "SELECT BUCKET(balance, 0, 1000, 5000) AS band, housing, COUNT(*) AS n FROM bank GROUP BY band, housing ORDER BY n DESC, housing",
            $"SELECT {BalanceBandsDuck} AS band, housing, COUNT(*) AS n FROM bank GROUP BY band, housing ORDER BY n DESC, housing"),

        // ---- distinct, having, top-n ----
        new("distinct_ages_by_education", "SELECT education, COUNT(DISTINCT age) AS ages, COUNT(DISTINCT job) AS jobs FROM bank GROUP BY education ORDER BY education"),
        new("having_subscribers",
            "SELECT job, SUM(CASE WHEN y = 'yes' THEN 1 ELSE 0 END) AS yes FROM bank GROUP BY job HAVING SUM(CASE WHEN y = 'yes' THEN 1 ELSE 0 END) > 500 ORDER BY yes DESC"),
        new("having_distinct", "SELECT job, COUNT(DISTINCT month) AS months FROM bank WHERE y = 'yes' GROUP BY job HAVING COUNT(DISTINCT month) = 12 ORDER BY job"),
        new("richest_contacts", "SELECT age, job, balance FROM bank ORDER BY balance DESC, age, job LIMIT 10"),

        // ---- quantiles ----
        new("median_balance_by_education", "SELECT education, MEDIAN(balance) AS median FROM bank GROUP BY education ORDER BY education"),
        new("call_p90_by_outcome", "SELECT y, QUANTILE_CONT(duration, 0.9) AS p90, QUANTILE_CONT(duration, 0.5) AS p50 FROM bank GROUP BY y ORDER BY y"),
        new("median_age_subscribers", "SELECT MEDIAN(age), QUANTILE_CONT(balance, 0.33) FROM bank WHERE y = 'yes' AND loan = 'no'"),
    ];

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names() => DifferentialCase.Names(Queries);

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Same_answer_as_DuckDB(string query) => fixture.Check(DifferentialCase.Find(Queries, query), output);
}
