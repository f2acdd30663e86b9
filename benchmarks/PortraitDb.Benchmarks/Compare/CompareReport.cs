using System.Diagnostics;
using System.Globalization;
using PortraitDb.Benchmarks.Common;
using PortraitDb.DataGen;
using PortraitDb.Query;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>
/// The side-by-side comparison with DuckDB: generates the synthetic profiles once, loads them into PortraitDb and
/// into DuckDB (same process, same types; DuckDB with ENUM and with VARCHAR categories), warms every engine, then
/// runs the <see cref="Workload"/> query by query, alternating the engines run by run, checks that they give the
/// same answer, and prints medians. Also times the CSV import and reports bytes per profile. docs/benchmarks.md
/// explains the method.
/// </summary>
/// <remarks>
/// An engine error never stops the report: it is caught per query (and per import), shown in the row's check
/// column, and the other engines are still timed.
/// </remarks>
internal static partial class CompareReport
{
    private const ulong Seed = 42;
    private const int MinIterations = 3;

    public static int Run(string[] args)
    {
        var options = CompareOptions.Parse(args);
        if (options is null)
            return 1;
        if (options.HelpOnly)
            return 0;
        if (options.ListOnly)
        {
            Console.WriteLine(Workload.ToMarkdown());
            return 0;
        }

        var queries = Workload.Select(options.Filter);
        Measuring.Log($"compare: {options.Rows:N0} rows, seed {Seed}, {queries.Count} queries, {options.Warmups} warm-ups and {options.Iterations} timed runs per engine and query");
        var reportRows = new List<ReportRow>();
        var engines = new List<IQueryEngine>();
        try
        {
            var loadRows = Load(options, engines);
            foreach (var query in queries)
                reportRows.Add(RunQuery(query, engines, options));
            foreach (var change in ChangeWorkload.Select(options.Filter))
                reportRows.Add(RunChange(change, engines, options));
            if (!options.SkipImport)
                reportRows.Add(RunImport(options, engines));
            reportRows.AddRange(loadRows);
            if (!options.SkipSaved)
                reportRows.AddRange(PersistenceRows.Run(options, engines, Seed));
        }
        finally
        {
            foreach (var engine in engines)
                engine.Dispose();
        }

        var facts = MachineFacts.Collect();
        string markdown = CompareOutput.Markdown(options, engines.Select(engine => engine.Name).ToList(), reportRows, facts);
        Console.WriteLine();
        Console.WriteLine(markdown);
        // A filtered run is named after its filter, so it never replaces the report of a whole run.
        string filter = options.Filter is null ? "" : "-" + string.Concat(options.Filter.Select(character => char.IsAsciiLetterOrDigit(character) ? character : '-'));
        string name = $"compare-{options.Rows.ToString(CultureInfo.InvariantCulture)}{filter}{(options.Consecutive ? "-consecutive" : "")}";
        ReportFiles.Write(name, markdown, CompareOutput.Json(options, Seed, engines.Select(engine => engine.Name).ToList(), reportRows, facts));
        return 0;
    }

    // ---------------- Loading ----------------

    /// <summary>Loads every engine through its appender; returns the load-time and memory rows.</summary>
    private static List<ReportRow> Load(CompareOptions options, List<IQueryEngine> engines)
    {
        long rows = options.Rows;
        var seconds = new Dictionary<string, Measurement>();
        var ownBytes = new Dictionary<string, Measurement>();
        var processBytes = new Dictionary<string, Measurement>();

        long heapBefore = Measuring.SettledHeap();
        var database = PortraitDatabase.CreateInMemory();
        var portrait = new PortraitEngine(database);
        engines.Add(portrait);
        var clock = Stopwatch.StartNew();
        var table = ProfileTableLoader.CreateAndFill(database, DuckProfiles.Table, rows, Seed);
        seconds[portrait.Name] = Measurement.Of(clock.Elapsed.TotalSeconds);
        long size = table.GetSnapshot().SizeInBytes;
        long heap = Measuring.SettledHeap() - heapBefore;
        ownBytes[portrait.Name] = Measurement.Of((double)size / rows);
        processBytes[portrait.Name] = Measurement.Of((double)heap / rows);
        Measuring.Log($"PortraitDb: loaded in {seconds[portrait.Name].Median:F2} s, SizeInBytes {size:N0}, managed heap delta {heap:N0}");

        // Load the native library first, so the first memory delta is the table's and not libduckdb's.
        _ = DuckProfiles.Version();
        foreach (var categories in options.DuckTables)
        {
            long rssBefore = Measuring.SettledRss();
            var connection = DuckProfiles.Open(categories);
            var duck = new DuckEngine(connection, categories);
            engines.Add(duck);
            clock.Restart();
            DuckProfiles.CreateAndAppend(connection, DuckProfiles.Table, categories, rows, Seed);
            seconds[duck.Name] = Measurement.Of(clock.Elapsed.TotalSeconds);
            long bytes = DuckProfiles.MemoryBytes(connection);
            long rss = Measuring.SettledRss() - rssBefore;
            ownBytes[duck.Name] = Measurement.Of((double)bytes / rows);
            processBytes[duck.Name] = Measurement.Of((double)rss / rows);
            Measuring.Log($"{duck.Name}: loaded in {seconds[duck.Name].Median:F2} s, duckdb_memory() {bytes:N0}, process RSS delta {rss:N0}");
        }

        string loaded = $"{rows:N0} rows in each";
        return
        [
            new ReportRow("load through the appender, generation included (s)", "s", seconds, loaded, Agree: true),
            new ReportRow("bytes per profile (engine's own count)", "B", ownBytes, "PortraitDb TableSnapshot.SizeInBytes; DuckDB duckdb_memory()", Agree: true),
            new ReportRow("bytes per profile (process memory delta)", "B", processBytes, "PortraitDb managed heap; DuckDB working set (upper bound)", Agree: true),
        ];
    }

    // ---------------- Queries ----------------

    /// <summary>Checks one query on every engine, warms them, then times them alternately.</summary>
    private static ReportRow RunQuery(WorkloadQuery query, List<IQueryEngine> engines, CompareOptions options)
    {
        var measurements = engines.ToDictionary(engine => engine.Name, _ => new Measurement());
        var answers = new Dictionary<string, ResultRows>();
        var problems = new List<string>();

        // First run: the answer to check; it counts as the first warm-up.
        foreach (var engine in engines)
        {
            if (TryRun(engine, query.Sql(engine.Kind), out var answer, out string? error))
                answers[engine.Name] = answer;
            else
                Fail(measurements[engine.Name], problems, engine.Name, error);
        }
        if (options.Show)
        {
            foreach (var (engine, answer) in answers)
                Measuring.Log($"{query.Name} on {engine}: {answer.Describe()}\n{answer.Preview(5)}");
        }
        if (query.DuckReferenceSql is not null)
            CheckReferences(query, engines, answers, problems);

        var active = engines.Where(engine => answers.ContainsKey(engine.Name)).ToList();
        for (int warmup = 1; warmup < options.Warmups; warmup++)
        {
            foreach (var engine in active.ToList())
            {
                if (!TryRun(engine, query.Sql(engine.Kind), out _, out string? error))
                    Drop(engine, active, answers, measurements[engine.Name], problems, error);
            }
        }
        // Alternating run by run, each run starts right after the other engines' (caches cold); consecutive runs keep
        // one engine's caches warm. Either way the engines take turns, so machine noise falls on all of them.
        var blocks = options.Consecutive ? active.Select(engine => new List<IQueryEngine> { engine }).ToList() : [active];
        foreach (var block in blocks)
        {
            var timed = Stopwatch.StartNew();
            for (int iteration = 0; iteration < options.Iterations && block.Count > 0; iteration++)
            {
                // A slow query stops early (with at least MinIterations runs), so one slow engine cannot stall the report.
                if (iteration >= MinIterations && timed.Elapsed.TotalSeconds > options.BudgetSeconds)
                {
                    Measuring.Log($"{query.Name}: stopped after {iteration} timed runs per engine ({options.BudgetSeconds} s budget)");
                    break;
                }
                foreach (var engine in block.ToList())
                {
                    long start = Stopwatch.GetTimestamp();
                    bool ran = TryRun(engine, query.Sql(engine.Kind), out _, out string? error);
                    double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (ran)
                    {
                        measurements[engine.Name].Values.Add(milliseconds);
                    }
                    else
                    {
                        Drop(engine, active, answers, measurements[engine.Name], problems, error);
                        block.Remove(engine);
                    }
                }
            }
        }

        var (check, agree) = Verdict(engines, answers, problems);
        Measuring.Log($"{query.Name}: {string.Join(", ", engines.Select(engine => $"{engine.Name} {CompareOutput.Cell(measurements[engine.Name])}"))} ms; {check}");
        return new ReportRow(query.Name, "ms", measurements, check, agree, query);
    }

    /// <summary>Runs each DuckDB engine's reference query once and notes where the timed query's answer differs from it.</summary>
    private static void CheckReferences(WorkloadQuery query, List<IQueryEngine> engines, Dictionary<string, ResultRows> answers, List<string> problems)
    {
        foreach (var engine in engines.Where(engine => engine.Kind == EngineKind.DuckDb && answers.ContainsKey(engine.Name)))
        {
            if (!TryRun(engine, query.DuckReferenceSql!, out var reference, out string? error))
            {
                problems.Add($"{engine.Name} reference query error: {error}");
                continue;
            }
            string? difference = ResultComparer.Difference(answers[engine.Name], reference);
            if (difference is not null)
                problems.Add($"{engine.Name} DIFFERS from its reference query (ORDER BY): {difference}");
        }
    }

    /// <summary>The check column: PortraitDb's answer against each DuckDB table's, or what failed.</summary>
    private static (string Check, bool Agree) Verdict(List<IQueryEngine> engines, Dictionary<string, ResultRows> answers, List<string> problems)
    {
        var parts = new List<string>(problems);
        var ducks = engines.Where(engine => engine.Kind == EngineKind.DuckDb && answers.ContainsKey(engine.Name)).ToList();
        var portrait = engines.FirstOrDefault(engine => engine.Kind == EngineKind.PortraitDb);
        bool agree = problems.Count == 0 && portrait is not null && answers.ContainsKey(portrait.Name);
        if (portrait is not null && answers.TryGetValue(portrait.Name, out var portraitAnswer))
        {
            foreach (var duck in ducks)
            {
                string? difference = ResultComparer.Difference(portraitAnswer, answers[duck.Name]);
                if (difference is not null)
                {
                    parts.Add($"DIFFERS from {duck.Name}: {difference}");
                    agree = false;
                }
            }
            if (agree)
                parts.Add($"same ({portraitAnswer.Describe()})");
        }
        else if (ducks.Count > 0)
        {
            // Without PortraitDb's answer, still check that the DuckDB tables agree with each other.
            var first = answers[ducks[0].Name];
            var disagreeing = ducks.Skip(1).Select(duck => (duck.Name, Difference: ResultComparer.Difference(first, answers[duck.Name]))).Where(pair => pair.Difference is not null).ToList();
            parts.Add(disagreeing.Count == 0
                ? $"{string.Join(" = ", ducks.Select(duck => duck.Name))}: {first.Describe()}"
                : string.Join("; ", disagreeing.Select(pair => $"{ducks[0].Name} ≠ {pair.Name}: {pair.Difference}")));
        }
        return (string.Join("; ", parts), agree);
    }

    private static bool TryRun(IQueryEngine engine, string sql, out ResultRows answer, out string? error)
    {
        try
        {
            answer = engine.Run(sql);
            error = null;
            return true;
        }
#pragma warning disable CA1031 // An engine's failure is reported in its row; the report goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            answer = null!;
            error = Describe(exception);
            return false;
        }
    }

    private static void Fail(Measurement measurement, List<string> problems, string engine, string? error)
    {
        measurement.Missing = "error";
        measurement.Failed = true;
        measurement.Error = error;
        problems.Add($"{engine} error: {error}");
    }

    private static void Drop(IQueryEngine engine, List<IQueryEngine> active, Dictionary<string, ResultRows> answers, Measurement measurement, List<string> problems, string? error)
    {
        active.Remove(engine);
        answers.Remove(engine.Name);
        Fail(measurement, problems, engine.Name, error);
    }

    /// <summary>The exception's first line, led by the error kind ("Not Supported Error: ...") for PortraitDb's errors.</summary>
    private static string Describe(Exception exception)
    {
        string message = FirstLine(exception.Message);
        if (exception is PortraitDbException portraitError)
        {
            string kind = QueryException.KindName(portraitError.Kind);
            return message.StartsWith(kind, StringComparison.Ordinal) ? message : $"{kind}: {message}";
        }
        return message;
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    // ---------------- CSV import ----------------

    /// <summary>
    /// Writes the profiles as CSV once, then imports it into a fresh database of each engine, alternating, and checks
    /// every imported table against DuckDB's appender-loaded one with <see cref="Workload.ImportFingerprint"/>.
    /// </summary>
    private static ReportRow RunImport(CompareOptions options, List<IQueryEngine> engines)
    {
        var measurements = engines.ToDictionary(engine => engine.Name, _ => new Measurement());
        var problems = new List<string>();
        var matching = new List<string>();
        var reference = engines.OfType<DuckEngine>().FirstOrDefault();
        ResultRows? expected = null;
        if (reference is not null && !TryRun(reference, Workload.ImportFingerprint.DuckSql, out expected, out string? referenceError))
            problems.Add($"fingerprint on {reference.Name}: {referenceError}");

        string csv = Path.Combine(Path.GetTempPath(), $"portraitdb-compare-{Environment.ProcessId}.csv");
        try
        {
            var clock = Stopwatch.StartNew();
            ProfileCsvWriter.Write(csv, options.Rows, Seed);
            Measuring.Log($"wrote {new FileInfo(csv).Length:N0} bytes of CSV in {clock.Elapsed.TotalSeconds:F1} s");
            for (int run = 0; run < options.CsvRuns; run++)
            {
                foreach (var engine in engines)
                {
                    var measurement = measurements[engine.Name];
                    if (measurement.Failed)
                        continue;
                    try
                    {
                        var (seconds, fingerprint) = engine is DuckEngine duck ? DuckImport(csv, duck.Categories) : PortraitImport(csv);
                        measurement.Values.Add(seconds);
                        Measuring.Log($"{engine.Name} CSV import: {seconds:F2} s");
                        if (run == 0 && expected is not null)
                        {
                            string? difference = ResultComparer.Difference(fingerprint, expected);
                            if (difference is null)
                                matching.Add(engine.Name);
                            else
                                problems.Add($"{engine.Name}'s imported table DIFFERS: {difference}");
                        }
                    }
#pragma warning disable CA1031 // An engine's failure is reported in its row; the report goes on.
                    catch (Exception exception)
#pragma warning restore CA1031
                    {
                        Fail(measurement, problems, engine.Name, Describe(exception));
                    }
                }
            }
        }
        finally
        {
            File.Delete(csv);
        }

        bool agree = problems.Count == 0 && matching.Count == engines.Count;
        if (matching.Count > 0)
            problems.Add($"{string.Join(", ", matching)}: imported table gives the appender table's fingerprint");
        string check = string.Join("; ", problems);
        return new ReportRow($"CSV import, {options.Rows:N0} rows (s)", "s", measurements, check, agree, Workload.ImportFingerprint);
    }

    /// <summary>PortraitDb: CREATE TABLE, then the timed IMPORT statement, in a fresh database.</summary>
    private static (double Seconds, ResultRows Fingerprint) PortraitImport(string csv)
    {
        Measuring.SettledHeap();
        using var database = PortraitDatabase.CreateInMemory();
        var engine = new PortraitEngine(database);
        database.Execute($"CREATE TABLE {DuckProfiles.Table} {ProfileTableLoader.TableSchema}");
        long start = Stopwatch.GetTimestamp();
        database.Execute($"IMPORT {DuckProfiles.Literal(csv)} INTO {DuckProfiles.Table} WITH (header = true, tag_separator = '|')");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (seconds, engine.Run(Workload.ImportFingerprint.PortraitSql));
    }

    /// <summary>DuckDB: CREATE TABLE with the primary key, then the timed INSERT ... SELECT from read_csv, in a fresh database.</summary>
    private static (double Seconds, ResultRows Fingerprint) DuckImport(string csv, DuckCategories categories)
    {
        using var connection = DuckProfiles.Open(categories);
        var engine = new DuckEngine(connection, categories);
        DuckProfiles.Execute(connection, DuckProfiles.CreateTableSql(DuckProfiles.Table, categories, withKey: true));
        long start = Stopwatch.GetTimestamp();
        DuckProfiles.Execute(connection, $"INSERT INTO {DuckProfiles.Table} {DuckProfiles.ReadCsvSelect(csv, categories)}");
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (seconds, engine.Run(Workload.ImportFingerprint.DuckSql));
    }
}
