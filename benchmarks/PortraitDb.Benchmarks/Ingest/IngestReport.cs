using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
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
            double portraitMedian = Median(portraitRuns);
            double duckMedian = Median(duckRuns);
            double duckNoKeyMedian = Median(duckNoKeyRuns);
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
        long before = SettledHeap();
        using var database = PortraitDatabase.CreateInMemory();
        var clock = Stopwatch.StartNew();
        var table = ProfileTableLoader.CreateAndFill(database, Table, rows, Seed);
        double seconds = clock.Elapsed.TotalSeconds;
        long size = table.GetSnapshot().SizeInBytes;
        long heap = SettledHeap() - before;
        Log($"PortraitDb appender: {seconds:F2} s, SizeInBytes {size:N0}, managed heap delta {heap:N0}");
        GC.KeepAlive(table);
        database.DropTable(Table);
        return (seconds, size, heap);
    }

    private static double PortraitImport(string csv, long rows)
    {
        SettledHeap();
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

    private static DuckDBConnection OpenDuck()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        foreach (var column in ProfileSchema.Columns)
        {
            if (column.Type.Kind == ColumnKind.Category)
                Execute(connection, $"CREATE TYPE {column.Name}_t AS ENUM ({string.Join(", ", column.Values!.Select(Literal))})");
        }
        return connection;
    }

    private static string DuckType(ProfileColumn column) => column.Type.Kind switch
    {
        ColumnKind.Text => "VARCHAR",
        ColumnKind.Category => $"{column.Name}_t",
        ColumnKind.Bool => "BOOLEAN",
        ColumnKind.Int32 => "INTEGER",
        ColumnKind.Int64 => "BIGINT",
        ColumnKind.Double => "DOUBLE",
        ColumnKind.Decimal => $"DECIMAL({column.Type.Precision},{column.Type.Scale})",
        ColumnKind.Date => "DATE",
        ColumnKind.Timestamp => "TIMESTAMP",
        ColumnKind.Tags => "VARCHAR[]",
        _ => throw new NotSupportedException(column.Type.ToString()),
    };

    private static string CreateTableSql(bool withKey) =>
        $"CREATE TABLE {Table} ({string.Join(", ", ProfileSchema.Columns.Select(column => $"{column.Name} {DuckType(column)}{(withKey && column.IsKey ? " PRIMARY KEY" : "")}"))})";

    private static (double Seconds, long Bytes, long RssDelta) DuckAppender(long rows)
    {
        // Load the native library first, so the memory delta is the table's and not libduckdb's.
        _ = DuckVersion();
        long rssBefore = SettledRss();
        using var connection = OpenDuck();
        Execute(connection, CreateTableSql(withKey: true));
        var cursor = new ProfileGenerator(Seed).OpenCursor(0);
        var record = new ProfileRecord();
        var interests = new List<string>(ProfileSchema.InterestTags.Count);
        var clock = Stopwatch.StartNew();
        using (var appender = connection.CreateAppender(Table))
        {
            for (long row = 0; row < rows; row++)
            {
                cursor.Next(record);
                interests.Clear();
                foreach (string tag in record.Interests)
                    interests.Add(tag);
                appender.CreateRow()
                    .AppendValue(record.CustomerId)
                    .AppendValue(record.Gender)
                    .AppendValue(record.Age)
                    .AppendValue(record.Province)
                    .AppendValue(record.City)
                    .AppendValue(record.PhoneBrand)
                    .AppendValue(record.Occupation)
                    .AppendValue(record.Education)
                    .AppendValue(record.MaritalStatus)
                    .AppendValue(record.Single)
                    .AppendValue(record.IncomeBand)
                    .AppendValue(record.MemberLevel)
                    .AppendValue(record.Channel)
                    .AppendValue((DateOnly?)record.RegistrationDate)
                    .AppendValue(record.LastOrderDate)
                    .AppendValue(record.OrderCount)
                    .AppendValue((decimal?)record.TotalSpend)
                    .AppendValue(record.AvgOrderValue)
                    .AppendValue(record.CommentCount)
                    .AppendValue(record.AppSessions30d)
                    .AppendValue(record.CouponUse)
                    .AppendValue((IEnumerable<string>)interests)
                    .EndRow();
            }
            appender.Close();
        }
        double seconds = clock.Elapsed.TotalSeconds;
        CheckCount(connection, rows);
        long bytes = DuckMemory(connection);
        long rss = SettledRss() - rssBefore;
        Log($"DuckDB appender: {seconds:F2} s, duckdb_memory() {bytes:N0}, process RSS delta {rss:N0}; database_size: {DatabaseSize(connection)}");
        return (seconds, bytes, rss);
    }

    private static double DuckImport(string csv, long rows, bool withKey)
    {
        using var connection = OpenDuck();
        string columns = string.Join(", ", ProfileSchema.Columns.Select(column =>
            $"{Literal(column.Name)}: {Literal(column.Type.Kind == ColumnKind.Tags ? "VARCHAR" : DuckType(column))}"));
        // read_csv cannot split a '|'-joined field into a list: split it in the SELECT, an empty field being no tags.
        string select = $"SELECT * REPLACE (CASE WHEN interests IS NULL OR interests = '' THEN []::VARCHAR[] ELSE string_split(interests, '|') END AS interests) "
            + $"FROM read_csv({Literal(csv)}, header = true, delim = ',', quote = '\"', escape = '\"', nullstr = '', auto_detect = false, columns = {{{columns}}})";
        var clock = Stopwatch.StartNew();
        if (withKey)
        {
            Execute(connection, CreateTableSql(withKey: true));
            Execute(connection, $"INSERT INTO {Table} {select}");
        }
        else
        {
            Execute(connection, $"CREATE TABLE {Table} AS {select}");
        }
        double seconds = clock.Elapsed.TotalSeconds;
        CheckCount(connection, rows);
        Log($"DuckDB read_csv{(withKey ? " into PRIMARY KEY table" : " CTAS")}: {seconds:F2} s");
        Execute(connection, $"DROP TABLE {Table}");
        return seconds;
    }

    private static void CheckCount(DuckDBConnection connection, long rows)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {Table}";
        long count = Convert.ToInt64(command.ExecuteScalar(), Invariant);
        if (count != rows)
            throw new InvalidOperationException($"DuckDB holds {count} rows, expected {rows}.");
    }

    /// <summary>Bytes held by DuckDB's buffer manager (table data, ART index, everything), from duckdb_memory().</summary>
    private static long DuckMemory(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(sum(memory_usage_bytes) AS BIGINT) FROM duckdb_memory()";
        return Convert.ToInt64(command.ExecuteScalar(), Invariant);
    }

    private static string DatabaseSize(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT database_size || ' used, memory_usage ' || memory_usage FROM pragma_database_size() WHERE database_name = 'memory'";
        return command.ExecuteScalar()?.ToString() ?? "?";
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    // ---------------- Measuring and reporting ----------------

    private static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long SettledRss()
    {
        SettledHeap();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Join(List<double> values) => string.Join(", ", values.Select(value => value.ToString("F2", Invariant)));

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static Dictionary<string, string> MachineFacts()
    {
        string cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        string simd = Vector512.IsHardwareAccelerated ? "512-bit (Vector512)" : Vector256.IsHardwareAccelerated ? "256-bit (Vector256)" : Vector128.IsHardwareAccelerated ? "128-bit" : "none";
        return new Dictionary<string, string>
        {
            ["cores"] = Environment.ProcessorCount.ToString(Invariant),
            ["cpu"] = cpu,
            ["os"] = RuntimeInformation.OSDescription,
            [".NET"] = RuntimeInformation.FrameworkDescription,
            ["SIMD"] = $"{simd}; Vector<byte> = {Vector<byte>.Count * 8} bits",
            ["DuckDB"] = DuckVersion(),
            ["memory"] = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 20):N0} MiB available to the GC",
        };
    }

    private static string DuckVersion()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version() || ', threads ' || current_setting('threads')";
        return $"{command.ExecuteScalar()} (DuckDB.NET.Data.Full)";
    }

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
        foreach (var (name, value) in MachineFacts())
            text.AppendLine(Invariant, $"- {name}: {value}");
        return text.ToString();
    }

    private static string Format(double value) => Math.Abs(value) >= 1000 ? value.ToString("N0", Invariant) : value.ToString("F2", Invariant);

    private static void WriteResults(long rows, long csvBytes, List<Measure> results, string markdown, List<double> portraitRuns, List<double> duckRuns, List<double> duckNoKeyRuns)
    {
        string folder = ResultsFolder();
        Directory.CreateDirectory(folder);
        string stem = Path.Combine(folder, $"ingest-{rows.ToString(Invariant)}");
        File.WriteAllText(stem + ".md", markdown);
        var json = new
        {
            rows,
            csvBytes,
            seed = Seed,
            measures = results.Select(measure => new { measure.Name, portraitDb = measure.PortraitDb, duckDb = measure.DuckDb, ratio = measure.DuckDb / measure.PortraitDb, measure.Unit }),
            csvRunsSeconds = new { portraitDb = portraitRuns, duckDb = duckRuns, duckDbNoKey = duckNoKeyRuns },
            machine = MachineFacts(),
            date = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant),
        };
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
        Log($"wrote {stem}.md and {stem}.json");
    }

    private static string ResultsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PortraitDb.sln")))
                return Path.Combine(folder.FullName, "benchmarks", "results");
        }
        return Path.Combine(Environment.CurrentDirectory, "results");
    }

    private sealed record Measure(string Name, double PortraitDb, double DuckDb, string Unit);
}
