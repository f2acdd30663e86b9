using System.Diagnostics;
using System.Globalization;
using System.Text;
using PortraitDb.Benchmarks.Common;
using PortraitDb.DataGen;
using PortraitDb.Ingest;
using PortraitDb.Storage;

namespace PortraitDb.Benchmarks.Ingest;

/// <summary>
/// Loading synthetic profiles into PortraitDb and into DuckDB (in memory), side by side in one process: through
/// each engine's appender, and from the same CSV file; prints a Markdown table and writes it, with JSON, under
/// benchmarks/results.
/// </summary>
/// <remarks>
/// DuckDB gets the same types: CATEGORY columns as ENUM types made from <see cref="ProfileColumn.Values"/>, TAGS as
/// VARCHAR[], DECIMAL(p,s), DATE, BOOLEAN, and customer_id as VARCHAR PRIMARY KEY (PortraitDb keeps a key index
/// and rejects duplicates, so DuckDB does the same work with its ART index). Runs alternate between the engines.
/// </remarks>
internal static class IngestReport
{
    private const ulong Seed = 42;
    private const int CsvRuns = 3;
    private const string Table = "profiles";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        long rows = 10_000_000;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
                rows = 1_000_000;
            else if (args[i] == "--rows" && i + 1 < args.Length)
                rows = long.Parse(args[++i].Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), Invariant);
            else
            {
                Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: ingest-report [--rows N | --quick]");
                return 1;
            }
        }

        var results = new List<Measure>();
        Log($"ingest-report: {rows:N0} rows, seed {Seed}");

        // a) Appenders.
        var (portraitSeconds, portraitBytes, portraitHeap) = PortraitAppender(rows);
        var (duckSeconds, duckBytes, duckRss) = DuckAppender(rows);
        results.Add(new Measure("appender load (s)", portraitSeconds, duckSeconds, "s"));
        results.Add(new Measure("appender rows/s", rows / portraitSeconds, rows / duckSeconds, "rows/s"));
        results.Add(new Measure("bytes per profile (engine's own count)", (double)portraitBytes / rows, (double)duckBytes / rows, "B"));
        results.Add(new Measure("bytes per profile (process memory delta)", (double)portraitHeap / rows, (double)duckRss / rows, "B"));

        // b) CSV import of one file.
        string csv = Path.Combine(Path.GetTempPath(), $"portraitdb-ingest-{Environment.ProcessId}.csv");
        try
        {
            var clock = Stopwatch.StartNew();
            ProfileCsvWriter.Write(csv, rows, Seed);
            long csvBytes = new FileInfo(csv).Length;
            Log($"wrote {csvBytes:N0} bytes of CSV in {clock.Elapsed.TotalSeconds:F1} s");
            var portraitRuns = new List<double>();
            var duckRuns = new List<double>();
            var duckNoKeyRuns = new List<double>();
            for (int run = 0; run < CsvRuns; run++)
            {
                portraitRuns.Add(PortraitImport(csv, rows));
                duckRuns.Add(DuckImport(csv, rows, withKey: true));
                duckNoKeyRuns.Add(DuckImport(csv, rows, withKey: false));
            }
            double portraitMedian = Measuring.Median(portraitRuns);
            double duckMedian = Measuring.Median(duckRuns);
            double duckNoKeyMedian = Measuring.Median(duckNoKeyRuns);
            results.Add(new Measure($"CSV import, median of {CsvRuns} (s)", portraitMedian, duckMedian, "s"));
            results.Add(new Measure("CSV import rows/s", rows / portraitMedian, rows / duckMedian, "rows/s"));
            results.Add(new Measure("CSV import MB/s", csvBytes / 1e6 / portraitMedian, csvBytes / 1e6 / duckMedian, "MB/s"));
            results.Add(new Measure("DuckDB CSV without PRIMARY KEY (CTAS), median (s)", portraitMedian, duckNoKeyMedian, "s"));
            Log($"CSV runs (s): PortraitDb {Join(portraitRuns)}; DuckDB {Join(duckRuns)}; DuckDB no key {Join(duckNoKeyRuns)}");

            string markdown = Render(rows, csvBytes, results);
            Console.WriteLine();
            Console.WriteLine(markdown);
            WriteResults(rows, csvBytes, results, markdown, portraitRuns, duckRuns, duckNoKeyRuns);
        }
        finally
        {
            File.Delete(csv);
        }
        return 0;
    }

    // ---------------- PortraitDb ----------------

    private static (double Seconds, long SizeInBytes, long HeapDelta) PortraitAppender(long rows)
    {
        long before = Measuring.SettledHeap();
        using var database = PortraitDatabase.CreateInMemory();
        var clock = Stopwatch.StartNew();
        var table = ProfileTableLoader.CreateAndFill(database, Table, rows, Seed);
        double seconds = clock.Elapsed.TotalSeconds;
        long size = table.GetSnapshot().SizeInBytes;
        long heap = Measuring.SettledHeap() - before;
        Log($"PortraitDb appender: {seconds:F2} s, SizeInBytes {size:N0}, managed heap delta {heap:N0}");
        GC.KeepAlive(table);
        database.DropTable(Table);
        return (seconds, size, heap);
    }

    private static double PortraitImport(string csv, long rows)
    {
        Measuring.SettledHeap();
        using var database = PortraitDatabase.CreateInMemory();
        var options = new ImportOptions
        {
            Key = "customer_id",
            ColumnTypes = ProfileTableLoader.TableSchema.Columns.ToDictionary(column => column.Name, column => column.Type),
        };
        var clock = Stopwatch.StartNew();
        var report = CsvImporter.Import(database, csv, Table, options);
        double seconds = clock.Elapsed.TotalSeconds;
        if (report.RowsImported != rows)
            throw new InvalidOperationException($"PortraitDb imported {report.RowsImported} rows, expected {rows}.");
        var schema = database.GetTable(Table).Schema.ToString();
        if (schema != ProfileTableLoader.TableSchema.ToString())
            throw new InvalidOperationException($"Imported schema {schema} differs from {ProfileTableLoader.TableSchema}.");
        Log($"PortraitDb CsvImporter: {seconds:F2} s");
        database.DropTable(Table);
        return seconds;
    }

    // ---------------- DuckDB ----------------

    private static (double Seconds, long Bytes, long RssDelta) DuckAppender(long rows)
    {
        // Load the native library first, so the memory delta is the table's and not libduckdb's.
        _ = DuckProfiles.Version();
        long rssBefore = Measuring.SettledRss();
        using var connection = DuckProfiles.Open(DuckCategories.Enum);
        var clock = Stopwatch.StartNew();
        DuckProfiles.CreateAndAppend(connection, Table, DuckCategories.Enum, rows, Seed);
        double seconds = clock.Elapsed.TotalSeconds;
        long bytes = DuckProfiles.MemoryBytes(connection);
        long rss = Measuring.SettledRss() - rssBefore;
        Log($"DuckDB appender: {seconds:F2} s, duckdb_memory() {bytes:N0}, process RSS delta {rss:N0}; database_size: {DuckProfiles.DatabaseSize(connection)}");
        return (seconds, bytes, rss);
    }

    private static double DuckImport(string csv, long rows, bool withKey)
    {
        using var connection = DuckProfiles.Open(DuckCategories.Enum);
        string select = DuckProfiles.ReadCsvSelect(csv, DuckCategories.Enum);
        var clock = Stopwatch.StartNew();
        if (withKey)
        {
            DuckProfiles.Execute(connection, DuckProfiles.CreateTableSql(Table, DuckCategories.Enum, withKey: true));
            DuckProfiles.Execute(connection, $"INSERT INTO {Table} {select}");
        }
        else
        {
            DuckProfiles.Execute(connection, $"CREATE TABLE {Table} AS {select}");
        }
        double seconds = clock.Elapsed.TotalSeconds;
        DuckProfiles.CheckCount(connection, Table, rows);
        Log($"DuckDB read_csv{(withKey ? " into PRIMARY KEY table" : " CTAS")}: {seconds:F2} s");
        DuckProfiles.Execute(connection, $"DROP TABLE {Table}");
        return seconds;
    }

    // ---------------- Measuring and reporting ----------------

    private static void Log(string message) => Measuring.Log(message);

    private static string Join(List<double> values) => string.Join(", ", values.Select(value => value.ToString("F2", Invariant)));

    private static string Render(long rows, long csvBytes, List<Measure> results)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"## Ingestion: {rows:N0} synthetic profiles, PortraitDb vs DuckDB (in memory)");
        text.AppendLine();
        text.AppendLine("| measure | PortraitDb | DuckDB | ratio DuckDB / PortraitDb |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var measure in results)
            text.AppendLine(Invariant, $"| {measure.Name} | {Format(measure.PortraitDb)} | {Format(measure.DuckDb)} | {measure.DuckDb / measure.PortraitDb:F2} |");
        text.AppendLine();
        text.AppendLine(Invariant, $"CSV file: {csvBytes:N0} bytes ({(double)csvBytes / rows:F1} bytes per row), written once by ProfileCsvWriter and read by both engines.");
        text.AppendLine();
        text.AppendLine("Notes:");
        text.AppendLine("- Same types in both: CATEGORY → ENUM built from the generator's value lists, TAGS → VARCHAR[] (DuckDB's appender takes lists; read_csv reads the '|'-joined text and string_split makes the list), DECIMAL(12,2)/(10,2), DATE, BOOLEAN, INTEGER; customer_id is PortraitDb's KEY and DuckDB's PRIMARY KEY.");
        text.AppendLine("- Bytes per profile, engine's own count: PortraitDb TableSnapshot.SizeInBytes (columns, bitmap indexes, dictionaries, key index); DuckDB sum(memory_usage_bytes) of duckdb_memory() (buffer-managed memory: table blocks, ART index). DuckDB does not compress in-memory tables by default.");
        text.AppendLine("- Bytes per profile, process memory delta: PortraitDb managed heap after a full compacting GC, before vs after (the table alive); DuckDB process working set before vs after (native memory, includes allocator slack and freed-but-kept pages, so it is an upper bound).");
        text.AppendLine("- PortraitDb loads on one thread; DuckDB uses its default thread count (see below). Timings include creating the table; CSV runs alternate PortraitDb, DuckDB, DuckDB-no-key; each run starts on a fresh database.");
        text.AppendLine();
        text.AppendLine("Machine:");
        text.AppendLine();
        text.Append(MachineFacts.ToMarkdown(MachineFacts.Collect()));
        return text.ToString();
    }

    private static string Format(double value) => Math.Abs(value) >= 1000 ? value.ToString("N0", Invariant) : value.ToString("F2", Invariant);

    private static void WriteResults(long rows, long csvBytes, List<Measure> results, string markdown, List<double> portraitRuns, List<double> duckRuns, List<double> duckNoKeyRuns)
    {
        var json = new
        {
            rows,
            csvBytes,
            seed = Seed,
            measures = results.Select(measure => new { measure.Name, portraitDb = measure.PortraitDb, duckDb = measure.DuckDb, ratio = measure.DuckDb / measure.PortraitDb, measure.Unit }),
            csvRunsSeconds = new { portraitDb = portraitRuns, duckDb = duckRuns, duckDbNoKey = duckNoKeyRuns },
            machine = MachineFacts.Collect(),
            date = ReportFiles.UtcNow(),
        };
        ReportFiles.Write($"ingest-{rows.ToString(Invariant)}", markdown, json);
    }

    private sealed record Measure(string Name, double PortraitDb, double DuckDb, string Unit);
}
