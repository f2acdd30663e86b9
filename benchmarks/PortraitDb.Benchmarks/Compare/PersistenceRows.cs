using System.Diagnostics;
using System.Globalization;
using PortraitDb.Benchmarks.Common;
using PortraitDb.DataGen;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>
/// The saved-database rows of the comparison: each engine loads the profiles into a database on disk (PortraitDb a
/// directory, DuckDB a file) and closes it; then, alternating, each reopens it and answers the 4-tag audience count
/// (the time to the first answer, page cache warm); then single-row upserts, each its own durable commit, and a
/// bulk load of more rows into the saved database. Sizes on disk are the files after the engine's checkpoint.
/// </summary>
internal static class PersistenceRows
{
    private const int OpenRuns = 5;
    private const int Upserts = 500;
    private const long BulkRows = 1_000_000;

    public static List<ReportRow> Run(CompareOptions options, List<IQueryEngine> engines, ulong seed)
    {
        var names = engines.Select(engine => engine.Name).ToList();
        var load = names.ToDictionary(name => name, _ => new Measurement());
        var size = names.ToDictionary(name => name, _ => new Measurement());
        var open = names.ToDictionary(name => name, _ => new Measurement());
        var firstUpsert = names.ToDictionary(name => name, _ => new Measurement());
        var upsert = names.ToDictionary(name => name, _ => new Measurement());
        var bulk = names.ToDictionary(name => name, _ => new Measurement());
        var count = Workload.Queries.First(query => query.Name == "count4");
        var answers = new Dictionary<string, ResultRows>();
        string root = Path.Combine(Path.GetTempPath(), $"portraitdb-compare-saved-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        try
        {
            var targets = engines.ToDictionary(engine => engine.Name, engine => engine is DuckEngine duck
                ? Path.Combine(root, $"{duck.Categories}.duckdb")
                : Path.Combine(root, "portraitdb"));
            foreach (var engine in engines)
            {
                var clock = Stopwatch.StartNew();
                if (engine is DuckEngine duck)
                {
                    using var connection = DuckProfiles.Open(duck.Categories, targets[engine.Name]);
                    DuckProfiles.CreateAndAppend(connection, DuckProfiles.Table, duck.Categories, options.Rows, seed);
                    DuckProfiles.Execute(connection, "CHECKPOINT");
                }
                else
                {
                    using var database = PortraitDatabase.Open(targets[engine.Name]);
                    ProfileTableLoader.CreateAndFill(database, DuckProfiles.Table, options.Rows, seed);
                }
                load[engine.Name].Values.Add(clock.Elapsed.TotalSeconds);
                size[engine.Name].Values.Add((double)BytesOnDisk(targets[engine.Name]) / options.Rows);
                Measuring.Log($"{engine.Name}: saved {options.Rows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s, {BytesOnDisk(targets[engine.Name]):N0} bytes on disk");
            }
            for (int run = 0; run < OpenRuns; run++)
            {
                foreach (var engine in engines)
                {
                    Measuring.SettledHeap();
                    long start = Stopwatch.GetTimestamp();
                    var answer = OpenAndRun(engine, targets[engine.Name], count.Sql(engine.Kind));
                    open[engine.Name].Values.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    answers.TryAdd(engine.Name, answer);
                }
            }
            var keys = Enumerable.Range(0, Upserts).Select(index => new ProfileGenerator(seed).OpenCursor((uint)((long)index * 7919 % options.Rows))).Select(cursor =>
            {
                var record = new ProfileRecord();
                cursor.Next(record);
                return record.CustomerId;
            }).ToList();
            foreach (var engine in engines)
            {
                var (first, commits, bulkSeconds) = Writes(engine, targets[engine.Name], keys, options.Rows, seed);
                firstUpsert[engine.Name].Values.Add(first);
                upsert[engine.Name].Values.AddRange(commits);
                bulk[engine.Name].Values.Add(bulkSeconds);
                Measuring.Log($"{engine.Name}: first upsert {first:F1} ms, then {1000 / commits.Average():N0} single-row upserts/s, {BulkRows / bulkSeconds:N0} bulk rows/s");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        var portrait = engines.First(engine => engine.Kind == EngineKind.PortraitDb).Name;
        var differences = answers.Where(pair => pair.Key != portrait && ResultComparer.Difference(answers[portrait], pair.Value) is not null).Select(pair => pair.Key).ToList();
        string openCheck = differences.Count == 0 ? $"same ({answers[portrait].Describe()}); {OpenRuns} runs each, alternating, page cache warm" : $"DIFFERS: {string.Join(", ", differences)}";
        return
        [
            new ReportRow("load into a saved database, generation included (s)", "s", load, $"{options.Rows:N0} rows; PortraitDb commits by checkpoint, DuckDB appender + CHECKPOINT", Agree: true),
            new ReportRow("bytes per profile on disk", "B", size, "PortraitDb: the database directory; DuckDB: the database file (and .wal)", Agree: true),
            new ReportRow("first answer after opening a saved database (ms)", "ms", open, openCheck, Agree: differences.Count == 0, count),
            new ReportRow("first single-row upsert after opening (ms)", "ms", firstUpsert, "the first key lookup of an opened database: PortraitDb builds its key index from the key column then", Agree: true),
            new ReportRow("single-row upsert, its own durable commit (ms)", "ms", upsert, $"{Upserts - 1} more INSERT OR REPLACE ... SELECT of one customer each, total_spend + 1, timed one by one (commits/s = 1000 / ms)", Agree: true),
            new ReportRow($"bulk load of {BulkRows:N0} more rows into the saved database (s)", "s", bulk, "the appender, one commit (rows/s = 1,000,000 / s)", Agree: true),
        ];
    }

    private static ResultRows OpenAndRun(IQueryEngine engine, string target, string sql)
    {
        if (engine is DuckEngine duck)
        {
            using var connection = DuckProfiles.Open(duck.Categories, target);
            using var opened = new DuckEngine(connection, duck.Categories);
            return opened.Run(sql);
        }
        using var database = PortraitDatabase.Open(target);
        return new PortraitEngine(database).Run(sql);
    }

    /// <summary>Milliseconds of the first single-row upsert after opening and of each one after it, and seconds for the bulk load.</summary>
    private static (double First, List<double> Commits, double BulkSeconds) Writes(IQueryEngine engine, string target, List<string> keys, long rows, ulong seed)
    {
        var columns = ProfileTableLoader.TableSchema.Columns.Select(column => column.Name == "total_spend" ? "total_spend + 1" : column.Name);
        string upsert = $"INSERT OR REPLACE INTO {DuckProfiles.Table} SELECT {string.Join(", ", columns)} FROM {DuckProfiles.Table} WHERE customer_id = ";
        static List<double> Timed(List<string> keys, Action<string> run)
        {
            var times = new List<double>(keys.Count);
            foreach (string key in keys)
            {
                long start = Stopwatch.GetTimestamp();
                run(key);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return times;
        }
        if (engine is DuckEngine duck)
        {
            using var connection = DuckProfiles.Open(duck.Categories, target);
            var times = Timed(keys, key => DuckProfiles.Execute(connection, upsert + DuckProfiles.Literal(key)));
            var clock = Stopwatch.StartNew();
            DuckProfiles.Append(connection, DuckProfiles.Table, BulkRows, seed, first: rows);
            return (times[0], times[1..], clock.Elapsed.TotalSeconds);
        }
        using (var database = PortraitDatabase.Open(target))
        {
            var times = Timed(keys, key => database.Execute(upsert + DuckProfiles.Literal(key)));
            var clock = Stopwatch.StartNew();
            ProfileTableLoader.Fill(database.GetTable(DuckProfiles.Table), BulkRows, seed, first: rows);
            return (times[0], times[1..], clock.Elapsed.TotalSeconds);
        }
    }

    private static long BytesOnDisk(string target) => Directory.Exists(target)
        ? Directory.EnumerateFiles(target).Sum(file => new FileInfo(file).Length)
        : new FileInfo(target).Length + (File.Exists(target + ".wal") ? new FileInfo(target + ".wal").Length : 0);
}
