using BenchmarkDotNet.Attributes;
using PortraitDb.Benchmarks.Common;
using PortraitDb.DataGen;

namespace PortraitDb.Benchmarks.Ingest;

/// <summary>
/// Loading profiles under BenchmarkDotNet: the appender (generation included, as a host loading from its own
/// source would) and the CSV import of one file written once, each against DuckDB's equivalent, per row count.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const ulong Seed = 42;
    private string _csv = "";

    /// <summary>Profiles per load.</summary>
    [Params(100_000, 1_000_000)]
    public int Rows { get; set; }

    /// <summary>Writes the CSV file the import cases read.</summary>
    [GlobalSetup]
    public void WriteCsv()
    {
        _csv = Path.Combine(Path.GetTempPath(), $"portraitdb-ingest-{Rows}.csv");
        if (!File.Exists(_csv))
            ProfileCsvWriter.Write(_csv, Rows, Seed);
    }

    /// <summary>PortraitDb: the appender into a fresh table.</summary>
    [Benchmark(Baseline = true)]
    public long PortraitDbAppender()
    {
        using var database = PortraitDatabase.CreateInMemory();
        return ProfileTableLoader.CreateAndFill(database, "profiles", Rows, Seed).RowCount;
    }

    /// <summary>DuckDB: its appender into a fresh ENUM table.</summary>
    [Benchmark]
    public void DuckDbAppender()
    {
        using var connection = DuckProfiles.Open(DuckCategories.Enum);
        DuckProfiles.CreateAndAppend(connection, DuckProfiles.Table, DuckCategories.Enum, Rows, Seed);
    }

    /// <summary>PortraitDb: <c>IMPORT</c> of the CSV file into a created table.</summary>
    [Benchmark]
    public long PortraitDbCsvImport()
    {
        using var database = PortraitDatabase.CreateInMemory();
        database.CreateTable("profiles", ProfileTableLoader.TableSchema);
        return database.Execute($"IMPORT '{_csv}' INTO profiles WITH (header = true, tag_separator = '|')").AffectedRows;
    }

    /// <summary>DuckDB: <c>read_csv</c> of the same file into a table with the key.</summary>
    [Benchmark]
    public void DuckDbCsvImport()
    {
        using var connection = DuckProfiles.Open(DuckCategories.Enum);
        DuckProfiles.Execute(connection, DuckProfiles.CreateTableSql(DuckProfiles.Table, DuckCategories.Enum, withKey: true));
        DuckProfiles.Execute(connection, $"INSERT INTO {DuckProfiles.Table} {DuckProfiles.ReadCsvSelect(_csv, DuckCategories.Enum)}");
    }
}
