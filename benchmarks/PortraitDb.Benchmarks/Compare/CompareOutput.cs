using System.Globalization;
using System.Text;
using PortraitDb.Benchmarks.Common;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>The comparison table as Markdown (printed and written) and as JSON (written).</summary>
internal static class CompareOutput
{
    private const int SignificantDigits = 3;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The report: the table, how to read it, the machine, and the workload's SQL.</summary>
    public static string Markdown(CompareOptions options, IReadOnlyList<string> engines, IReadOnlyList<ReportRow> rows, IReadOnlyDictionary<string, string> facts)
    {
        string portrait = engines[0];
        var ducks = engines.Skip(1).ToList();
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"## PortraitDb vs DuckDB: {options.Rows:N0} synthetic profiles{(options.Quick ? " (--quick)" : "")}{(options.Filter is null ? "" : $" (queries matching '{options.Filter}')")}");
        text.AppendLine();
        text.AppendLine(Invariant, $"Query times in ms: median of {options.Iterations} timed runs per engine (fewer for a query past the {options.BudgetSeconds} s budget; the JSON lists every run), {(options.Consecutive ? "each engine's runs back to back (warm caches), the engines taking turns query by query" : "alternating the engines run by run (each run right after the other engines', caches cold)")}, after {options.Warmups} warm-up runs (the first one checked); the minimum in parentheses. Ratio = DuckDB median / PortraitDb median: above 1, PortraitDb is faster (or smaller, for bytes).");
        text.AppendLine();
        text.Append("| query | ").Append(portrait);
        foreach (string duck in ducks)
            text.Append(" | ").Append(duck).Append(" | ratio");
        text.AppendLine(" | check |");
        text.Append("| --- | ---:");
        foreach (string _ in ducks)
            text.Append(" | ---: | ---:");
        text.AppendLine(" | --- |");
        foreach (var row in rows)
        {
            var portraitMeasurement = row.Engines[portrait];
            text.Append("| ").Append(Escape(row.Name)).Append(" | ").Append(Cell(portraitMeasurement));
            foreach (string duck in ducks)
            {
                var measurement = row.Engines[duck];
                text.Append(" | ").Append(Cell(measurement)).Append(" | ").Append(Ratio(measurement, portraitMeasurement));
            }
            text.Append(" | ").Append(Escape(row.Check)).AppendLine(" |");
        }
        text.AppendLine();
        text.AppendLine("Notes:");
        text.AppendLine("- One process, one copy of the generated profiles (seed 42) in each engine, loaded through each engine's appender. DuckDB in memory through DuckDB.NET, with its default thread count; every query is sent as SQL text to `PortraitDatabase.Execute` and to a DuckDB command, and its whole answer is read into .NET values (part of the timed work).");
        text.AppendLine("- Same types: CATEGORY as an ENUM made from the generator's value list (\"DuckDB ENUM\") or as VARCHAR (\"DuckDB VARCHAR\"), TAGS as VARCHAR[] (HAS → list_contains, HAS ANY → list_has_any, HAS ALL → list_has_all), DECIMAL(12,2)/(10,2), DATE, BOOLEAN, INTEGER; customer_id is PortraitDb's KEY and DuckDB's PRIMARY KEY.");
        text.AppendLine("- Check: every engine's first answer is compared row by row with PortraitDb's: integers, strings, dates and NULLs exactly, doubles to a relative 1e-9, decimals exactly. `ids-limit-1000` compares the first 1,000 ids in row order; DuckDB's plain LIMIT answer is also checked against `ORDER BY customer_id` (ids grow with the row number).");
        text.AppendLine("- CSV import: one file written by ProfileCsvWriter, imported into a fresh database per run (PortraitDb: `IMPORT ... WITH (header = true, tag_separator = '|')` into a created table; DuckDB: `INSERT INTO` a table with the primary key `SELECT` from `read_csv`, splitting the tags); each imported table must give the same fingerprint query answer as DuckDB's appender-loaded one.");
        text.AppendLine("- Bytes per profile: PortraitDb TableSnapshot.SizeInBytes against DuckDB duckdb_memory(); process deltas are the managed heap (PortraitDb) and the working set (DuckDB, an upper bound).");
        text.AppendLine("- Statements that change data (`create-tag-bool`, `create-tag-case`, `rfm`; ChangeWorkload.cs): each timed run (one extra warm-up, at most 5 timed runs) starts from the same table, the change undone after it untimed (DROP TAG; DuckDB ALTER TABLE DROP COLUMN or DROP TABLE); the check compares counts per value of what the first run wrote. DuckDB: ALTER TABLE ADD COLUMN + UPDATE for a tag, CREATE TABLE AS with quantile_cont quintiles for RFM.");
        text.AppendLine("- These VMs are noisy: rows move by 10–30 % between runs. Compare ratios, and rerun before believing a small one. See docs/benchmarks.md.");
        text.AppendLine();
        text.AppendLine("Machine:");
        text.AppendLine();
        text.Append(MachineFacts.ToMarkdown(facts));
        text.AppendLine();
        text.AppendLine("Workload (benchmarks/PortraitDb.Benchmarks/Compare/Workload.cs):");
        text.AppendLine();
        text.Append(Workload.ToMarkdown());
        text.AppendLine();
        text.AppendLine("Statements that change data (benchmarks/PortraitDb.Benchmarks/Compare/ChangeWorkload.cs):");
        text.AppendLine();
        text.Append(ChangeWorkload.ToMarkdown());
        return text.ToString();
    }

    /// <summary>The report as an object for JSON: settings, every row with every run, the machine.</summary>
    public static object Json(CompareOptions options, ulong seed, IReadOnlyList<string> engines, IReadOnlyList<ReportRow> rows, IReadOnlyDictionary<string, string> facts)
    {
        string portrait = engines[0];
        return new
        {
            rows = options.Rows,
            seed,
            quick = options.Quick,
            warmups = options.Warmups,
            iterations = options.Iterations,
            csvRuns = options.CsvRuns,
            engines,
            results = rows.Select(row => new
            {
                name = row.Name,
                unit = row.Unit,
                check = row.Check,
                agree = row.Agree,
                portraitSql = row.Query?.PortraitSql,
                duckSql = row.Query?.DuckSql,
                duckReferenceSql = row.Query?.DuckReferenceSql,
                engines = row.Engines.ToDictionary(pair => pair.Key, pair => new
                {
                    median = Number(pair.Value.Median),
                    min = Number(pair.Value.Min),
                    values = pair.Value.Values,
                    missing = pair.Value.Missing,
                    error = pair.Value.Error,
                }),
                ratios = engines.Skip(1).ToDictionary(duck => duck, duck => Number(row.Engines[duck].Median / row.Engines[portrait].Median)),
            }),
            machine = facts,
            date = ReportFiles.UtcNow(),
        };
    }

    /// <summary>A measurement as a table cell: "median (min)", the single value, or why there is none.</summary>
    public static string Cell(Measurement measurement)
    {
        if (measurement.Values.Count == 0)
            return measurement.Missing ?? "—";
        string median = Significant(measurement.Median);
        return measurement.Values.Count == 1 ? median : $"{median} ({Significant(measurement.Min)})";
    }

    /// <summary>DuckDB median / PortraitDb median as "42.0×", or "—".</summary>
    public static string Ratio(Measurement duck, Measurement portrait)
    {
        double ratio = duck.Median / portrait.Median;
        return double.IsFinite(ratio) && ratio > 0 ? Significant(ratio) + "×" : "—";
    }

    /// <summary><paramref name="value"/> to 3 significant digits, with thousands separators ("0.0123", "12.3", "1,230").</summary>
    public static string Significant(double value)
    {
        if (!double.IsFinite(value))
            return "—";
        if (value == 0)
            return "0";
        int integerDigits = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        double scale = Math.Pow(10, SignificantDigits - integerDigits);
        double rounded = Math.Round(value * scale) / scale;
        integerDigits = (int)Math.Floor(Math.Log10(Math.Abs(rounded))) + 1;
        return rounded.ToString("N" + Math.Max(0, SignificantDigits - integerDigits).ToString(Invariant), Invariant);
    }

    private static double? Number(double value) => double.IsFinite(value) ? value : null;

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
