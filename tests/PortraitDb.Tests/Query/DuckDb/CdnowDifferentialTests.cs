using Xunit.Abstractions;

namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// CDNOW (69,659 purchase days of 23,570 customers; fixed-width, compact yyyyMMdd dates, decimal amounts): order
/// audiences and monthly breakdowns, then a per-customer table made by CREATE TABLE ... AS SELECT in both engines
/// and RFM-style audiences over it, checked against DuckDB.
/// </summary>
public sealed class CdnowDifferentialTests(CdnowDifferentialTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<CdnowDifferentialTests.Fixture>
{
    /// <summary>The orders table and the derived customers table in both engines.</summary>
    public sealed class Fixture : DatasetFixture
    {
        /// <inheritdoc/>
        protected override string RequiredData => "cdnow/CDNOW_master.txt";

        /// <inheritdoc/>
        protected override IReadOnlyList<string> PortraitSetup =>
        [
            "CREATE TABLE orders (customer INT, day DATE, cds INT, amount DECIMAL(10,2))",
            "IMPORT '${DATA}/cdnow/CDNOW_master.txt' INTO orders WITH (header = true, delimiter = ' ')",
        ];

        /// <inheritdoc/>
        protected override IReadOnlyList<string> DuckSetup =>
        [
            // DuckDB's CSV reader has no "runs of spaces" delimiter: read whole lines and split them.
            """
            CREATE TABLE orders AS
            SELECT CAST(parts[1] AS INTEGER) AS customer, CAST(strptime(parts[2], '%Y%m%d') AS DATE) AS day,
                   CAST(parts[3] AS INTEGER) AS cds, CAST(parts[4] AS DECIMAL(10,2)) AS amount
            FROM (SELECT string_split_regex(trim(replace(line, chr(13), '')), ' +') AS parts
                  FROM read_csv('${DATA}/cdnow/CDNOW_master.txt', header = true, delim = '\t', quote = '', auto_detect = false,
                                columns = {'line': 'VARCHAR'}))
            """,
        ];

        /// <inheritdoc/>
        protected override IReadOnlyList<DifferentialCase> DerivedStatements =>
        [
            new("customers",
                "CREATE TABLE customers AS SELECT customer, COUNT(*) AS orders, SUM(cds) AS cds, SUM(amount) AS spend, "
                + "MIN(day) AS first_order, MAX(day) AS last_order FROM orders GROUP BY customer"),
            // A copy that is then changed: updates, deletes and inserts must keep filters (zone maps, indexes) right.
            new("vip", "CREATE TABLE vip AS SELECT * FROM customers WHERE spend > 100"),
            new("vip_double_frequent", "UPDATE vip SET spend = spend * 2, orders = orders + 1000 WHERE orders > 10"),
            new("vip_drop_lapsed", "DELETE FROM vip WHERE last_order < DATE '1997-06-01'"),
            new("vip_add_small", "INSERT INTO vip SELECT * FROM customers WHERE customer <= 50 AND spend <= 100"),
        ];
    }

    private const string AmountBandsDuck =
        "CASE WHEN amount < 10 THEN '[-inf,10)' WHEN amount < 20 THEN '[10,20)' WHEN amount < 50 THEN '[20,50)' WHEN amount < 100 THEN '[50,100)' ELSE '[100,+inf)' END";

    private const string FrequencyBandsDuck =
        "CASE WHEN orders < 2 THEN '[-inf,2)' WHEN orders < 5 THEN '[2,5)' WHEN orders < 10 THEN '[5,10)' ELSE '[10,+inf)' END";

    private static readonly DifferentialCase[] Queries =
    [
        new("import_whole_table", "SELECT * FROM orders ORDER BY customer, day, cds, amount"),

        // ---- order audiences ----
        new("orders_in_1998", "SELECT COUNT(*) FROM orders WHERE day >= DATE '1998-01-01'"),
        new("big_march_orders", "SELECT COUNT(*), SUM(amount) FROM orders WHERE day >= DATE '1997-03-01' AND day < DATE '1997-04-01' AND amount > 50"),
        new("many_cds_or_big", "SELECT COUNT(*) FROM orders WHERE cds >= 5 OR amount >= 100"),
        new("free_orders", "SELECT COUNT(*), COUNT(DISTINCT customer) FROM orders WHERE amount = 0"),
        new("outside_date_range", "SELECT COUNT(*) FROM orders WHERE day NOT BETWEEN DATE '1997-02-01' AND DATE '1998-05-31' AND cds = 1"),
        new("first_thousand_customers", "SELECT SUM(amount), SUM(cds), MAX(day) FROM orders WHERE customer BETWEEN 1 AND 1000"),
        new("last_90_days", "SELECT COUNT(*), COUNT(DISTINCT customer) FROM orders WHERE day >= DATE '1998-06-30' - INTERVAL 90 DAY"),
        new("one_customer_history", "SELECT day, cds, amount FROM orders WHERE customer = 3 ORDER BY day"),

        // ---- order breakdowns ----
        new("monthly",
            "SELECT DATE_TRUNC('month', day) AS month, COUNT(*) AS n, SUM(amount) AS revenue, SUM(cds) AS cds, COUNT(DISTINCT customer) AS buyers "
            + "FROM orders GROUP BY month ORDER BY month"),
        new("by_year", "SELECT YEAR(day) AS year, COUNT(*) AS n, ROUND(AVG(amount), 4) AS mean FROM orders GROUP BY year ORDER BY year"),
        new("by_basket_size",
            "SELECT cds, COUNT(*) AS n, AVG(amount) AS mean, MIN(amount) AS lowest, MAX(amount) AS highest FROM orders WHERE cds <= 5 GROUP BY cds ORDER BY cds"),
        new("amount_rounded_to_tens", "SELECT ROUND(amount, -1) AS tens, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY tens ORDER BY tens"),
        new("price_per_cd", "SELECT ROUND(SUM(amount) / SUM(cds), 6) AS price FROM orders"),
        new("amount_bands",
            "SELECT BUCKET(amount, 10, 20, 50, 100) AS band, COUNT(*) AS n FROM orders GROUP BY band ORDER BY n DESC",
            $"SELECT {AmountBandsDuck} AS band, COUNT(*) AS n FROM orders GROUP BY band ORDER BY n DESC"),
        new("biggest_orders", "SELECT customer, day, amount FROM orders ORDER BY amount DESC, customer, day LIMIT 5"),
        new("amount_quantiles", "SELECT MEDIAN(amount), QUANTILE_CONT(amount, 0.9), QUANTILE_CONT(cds, 0.99) FROM orders"),

        // ---- the derived customers table ----
        new("ctas_whole_table", "SELECT * FROM customers ORDER BY customer"),
        new("customer_count", "SELECT COUNT(*), SUM(orders), SUM(spend) FROM customers"),
        new("one_time_buyers", "SELECT COUNT(*) FROM customers WHERE orders = 1"),
        new("big_recent_spenders", "SELECT COUNT(*) FROM customers WHERE spend >= 500 AND last_order >= DATE '1998-01-01'"),
        new("lapsed_regulars", "SELECT COUNT(*) FROM customers WHERE last_order < DATE '1997-07-01' AND orders >= 3 AND cds > 5"),
        new("frequency_bands",
            "SELECT BUCKET(orders, 2, 5, 10) AS band, COUNT(*) AS n, ROUND(AVG(spend), 4) AS mean_spend FROM customers GROUP BY band ORDER BY band",
            $"SELECT {FrequencyBandsDuck} AS band, COUNT(*) AS n, ROUND(AVG(spend), 4) AS mean_spend FROM customers GROUP BY band ORDER BY band"),
        new("frequency_having", "SELECT orders, COUNT(*) AS n FROM customers GROUP BY orders HAVING COUNT(*) >= 100 ORDER BY orders"),
        new("median_spend_by_cohort",
            "SELECT DATE_TRUNC('month', first_order) AS cohort, COUNT(*) AS n, MEDIAN(spend) AS median FROM customers GROUP BY cohort ORDER BY cohort"),
        new("top_spenders", "SELECT customer, orders, spend, last_order FROM customers ORDER BY spend DESC, customer LIMIT 10"),
        new("rfm_segments",
            "SELECT CASE WHEN last_order >= DATE '1998-04-01' THEN 'active' WHEN last_order >= DATE '1997-10-01' THEN 'cooling' ELSE 'lapsed' END AS segment, "
            + "COUNT(*) AS n, ROUND(AVG(spend), 4) AS mean_spend, MAX(orders) AS most FROM customers GROUP BY segment ORDER BY segment"),
        // ---- the changed copy ----
        new("vip_totals", "SELECT COUNT(*), SUM(spend), SUM(orders), MIN(spend), MAX(last_order) FROM vip"),
        new("vip_updated_range", "SELECT COUNT(*), MIN(orders) FROM vip WHERE spend > 2000 OR orders > 1000"),
        new("vip_unchanged_range", "SELECT COUNT(*) FROM vip WHERE spend BETWEEN 100 AND 150 AND orders < 1000"),
        new("vip_deleted_range", "SELECT COUNT(*) FROM vip WHERE last_order < DATE '1997-06-01'"),
        new("vip_inserted_rows", "SELECT customer, orders, spend FROM vip WHERE customer <= 50 ORDER BY customer"),
        new("vip_median_by_frequency",
            "SELECT orders > 1000 AS frequent, COUNT(*) AS n, MEDIAN(spend) AS median FROM vip GROUP BY frequent ORDER BY frequent"),
        new("distinct_first_days", "SELECT COUNT(DISTINCT first_order), COUNT(DISTINCT last_order) FROM customers WHERE orders > 1"),
    ];

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names() => DifferentialCase.Names(Queries);

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Same_answer_as_DuckDB(string query) => fixture.Check(DifferentialCase.Find(Queries, query), output);
}
