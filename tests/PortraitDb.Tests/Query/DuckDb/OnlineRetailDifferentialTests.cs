using System.IO.Compression;
using Xunit.Abstractions;

namespace PortraitDb.Tests.Query.DuckDb;

/// <summary>
/// UCI Online Retail (541,909 invoice lines; quoted descriptions, timestamps, decimal prices, customer ids written as
/// floats and missing on a quarter of the lines): line audiences and breakdowns, then a per-customer table made by
/// CREATE TABLE ... AS SELECT in both engines and audiences over it, checked against DuckDB. The gzip file is
/// decompressed once to a temporary CSV that both engines read (PortraitDb's IMPORT does not read gzip).
/// </summary>
public sealed class OnlineRetailDifferentialTests(OnlineRetailDifferentialTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<OnlineRetailDifferentialTests.Fixture>
{
    /// <summary>The retail table and the derived buyers table in both engines.</summary>
    public sealed class Fixture : DatasetFixture
    {
        private const string CsvPlaceholder = "${RETAIL_CSV}";

        /// <inheritdoc/>
        protected override string RequiredData => "online-retail/online-retail.csv.gz";

        /// <inheritdoc/>
        protected override IReadOnlyList<string> PortraitSetup =>
        [
            """
            CREATE TABLE retail (invoice TEXT, stock_code TEXT, description TEXT, quantity INT, invoice_date TIMESTAMP,
              unit_price DECIMAL(10,3), customer DOUBLE, country CATEGORY)
            """,
            $"IMPORT '{CsvPlaceholder}' INTO retail WITH (header = true)",
        ];

        /// <inheritdoc/>
        protected override IReadOnlyList<string> DuckSetup =>
        [
            $$"""
            CREATE TABLE retail AS SELECT * FROM read_csv('{{CsvPlaceholder}}', header = true, delim = ',', quote = '"', escape = '"',
              auto_detect = false, columns = {
              'invoice': 'VARCHAR', 'stock_code': 'VARCHAR', 'description': 'VARCHAR', 'quantity': 'INTEGER', 'invoice_date': 'TIMESTAMP',
              'unit_price': 'DECIMAL(10,3)', 'customer': 'DOUBLE', 'country': 'VARCHAR'})
            """,
        ];

        /// <inheritdoc/>
        protected override IReadOnlyList<DifferentialCase> DerivedStatements =>
        [
            new("buyers",
                "CREATE TABLE buyers AS SELECT customer, COUNT(*) AS lines, COUNT(DISTINCT invoice) AS invoices, SUM(quantity * unit_price) AS spend, "
                + "MIN(invoice_date) AS first_order, MAX(invoice_date) AS last_order, MIN(country) AS country "
                + "FROM retail WHERE customer IS NOT NULL GROUP BY customer"),
        ];

        /// <inheritdoc/>
        protected override IReadOnlyDictionary<string, string> PrepareFiles(string dataFolder)
        {
            string csv = TemporaryFile(".csv");
            using (var source = new GZipStream(File.OpenRead(Path.Combine(dataFolder, "online-retail", "online-retail.csv.gz")), CompressionMode.Decompress))
            using (var target = File.Create(csv))
                source.CopyTo(target);
            return new Dictionary<string, string> { [CsvPlaceholder] = csv };
        }
    }

    private const string PriceBandsDuck =
        "CASE WHEN unit_price < 1 THEN '[-inf,1)' WHEN unit_price < 2 THEN '[1,2)' WHEN unit_price < 5 THEN '[2,5)' WHEN unit_price < 10 THEN '[5,10)' ELSE '[10,+inf)' END";

    private const string InvoiceBandsDuck =
        "CASE WHEN invoices < 2 THEN '[-inf,2)' WHEN invoices < 5 THEN '[2,5)' WHEN invoices < 10 THEN '[5,10)' WHEN invoices < 20 THEN '[10,20)' ELSE '[20,+inf)' END";

    private static readonly DifferentialCase[] Queries =
    [
        new("import_whole_table", "SELECT * FROM retail ORDER BY invoice, stock_code, quantity, invoice_date, unit_price, description, customer, country"),

        // ---- line audiences ----
        new("uk_returns", "SELECT COUNT(*), SUM(quantity) FROM retail WHERE country = 'United Kingdom' AND quantity < 0"),
        new("cancellations", "SELECT COUNT(*), COUNT(DISTINCT invoice) FROM retail WHERE invoice LIKE 'C%'"),
        new("anonymous_lines", "SELECT COUNT(*) FROM retail WHERE customer IS NULL"),
        new("cheap_hearts", "SELECT COUNT(*) FROM retail WHERE description LIKE '%HEART%' AND unit_price < 5"),
        new("christmas_ilike", "SELECT COUNT(*) FROM retail WHERE description ILIKE '%christmas%' AND country <> 'United Kingdom'"),
        new("europe_since_june",
            "SELECT COUNT(*) FROM retail WHERE country IN ('France', 'Germany', 'Spain') AND invoice_date >= TIMESTAMP '2011-06-01 00:00:00'"),
        new("timestamp_against_date", "SELECT COUNT(*) FROM retail WHERE invoice_date < DATE '2011-01-01'"),
        new("foreign_small_lines",
            "SELECT COUNT(*) FROM retail WHERE NOT (country = 'United Kingdom') AND customer IS NOT NULL AND quantity BETWEEN 1 AND 10"),
        new("missing_description_or_free", "SELECT COUNT(*) FROM retail WHERE description IS NULL OR unit_price = 0"),
        new("negative_prices", "SELECT invoice, stock_code, description, unit_price FROM retail WHERE unit_price < 0 ORDER BY invoice"),
        new("one_customer_lines",
            "SELECT invoice, stock_code, quantity, invoice_date FROM retail WHERE customer = 12346 ORDER BY invoice_date, invoice"),

        // ---- line breakdowns ----
        new("by_country",
            "SELECT country, COUNT(*) AS n, SUM(quantity) AS units, SUM(quantity * unit_price) AS revenue FROM retail GROUP BY country ORDER BY country"),
        new("monthly_revenue",
            "SELECT DATE_TRUNC('month', invoice_date) AS month, COUNT(DISTINCT invoice) AS invoices, SUM(quantity * unit_price) AS revenue "
            + "FROM retail GROUP BY month ORDER BY month"),
        new("countries_with_many_buyers",
            "SELECT country, COUNT(DISTINCT customer) AS buyers FROM retail GROUP BY country HAVING COUNT(DISTINCT customer) >= 20 ORDER BY buyers DESC, country"),
        new("distinct_overall", "SELECT COUNT(DISTINCT invoice), COUNT(DISTINCT stock_code), COUNT(DISTINCT customer), COUNT(customer) FROM retail"),
        new("price_quantiles_by_country",
            "SELECT country, MEDIAN(unit_price) AS median, QUANTILE_CONT(quantity, 0.95) AS q95 FROM retail WHERE country IN ('France', 'Germany', 'EIRE') "
            + "GROUP BY country ORDER BY country"),
        new("top_products", "SELECT stock_code, SUM(quantity) AS units FROM retail GROUP BY stock_code ORDER BY 2 DESC, stock_code LIMIT 10"),
        new("price_bands",
            "SELECT BUCKET(unit_price, 1, 2, 5, 10) AS band, COUNT(*) AS n FROM retail GROUP BY band ORDER BY n DESC",
            $"SELECT {PriceBandsDuck} AS band, COUNT(*) AS n FROM retail GROUP BY band ORDER BY n DESC"),
        new("average_price_by_country",
            "SELECT country, AVG(unit_price) AS price, AVG(quantity) AS quantity FROM retail WHERE country LIKE 'S%' GROUP BY country ORDER BY country"),

        // ---- the derived buyers table ----
        new("ctas_whole_table", "SELECT * FROM buyers ORDER BY customer"),
        new("buyer_count", "SELECT COUNT(*), SUM(lines), SUM(invoices), SUM(spend) FROM buyers"),
        new("big_recent_buyers", "SELECT COUNT(*) FROM buyers WHERE spend > 1000 AND last_order >= TIMESTAMP '2011-09-01 00:00:00'"),
        new("single_invoice_buyers", "SELECT COUNT(*) FROM buyers WHERE invoices = 1 AND country <> 'United Kingdom'"),
        new("net_refunders", "SELECT customer, spend FROM buyers WHERE spend < 0 ORDER BY spend, customer"),
        new("buyers_by_country",
            "SELECT country, COUNT(*) AS n, ROUND(AVG(spend), 4) AS mean FROM buyers GROUP BY country HAVING COUNT(*) >= 10 ORDER BY n DESC, country"),
        new("invoice_bands",
            "SELECT BUCKET(invoices, 2, 5, 10, 20) AS band, COUNT(*) AS n FROM buyers GROUP BY band ORDER BY n DESC",
            $"SELECT {InvoiceBandsDuck} AS band, COUNT(*) AS n FROM buyers GROUP BY band ORDER BY n DESC"),
        new("median_spend_by_country",
            "SELECT country, MEDIAN(spend) AS median FROM buyers GROUP BY country HAVING COUNT(*) >= 20 ORDER BY country"),
        new("top_buyers", "SELECT customer, invoices, spend FROM buyers ORDER BY spend DESC, customer LIMIT 10"),
        new("lines_per_invoice", "SELECT ROUND(AVG(lines / invoices), 6) FROM buyers"),
    ];

    /// <summary>The case names.</summary>
    public static TheoryData<string> Names() => DifferentialCase.Names(Queries);

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Same_answer_as_DuckDB(string query) => fixture.Check(DifferentialCase.Find(Queries, query), output);
}
