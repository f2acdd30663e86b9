using BenchmarkDotNet.Attributes;
using PortraitDb.Benchmarks.Compare;

namespace PortraitDb.Benchmarks.Queries;

/// <summary>
/// The comparison workload (<see cref="Workload"/>) under BenchmarkDotNet: each query on PortraitDb and on DuckDB
/// (ENUM categories, the baseline), for each row count. Run through the <c>queries</c> command, which runs the
/// cases in process so the profiles are loaded once per row count (<see cref="LoadedProfiles"/>).
/// </summary>
/// <remarks>Each case checks its answer before it is timed: PortraitDb's against DuckDB's, DuckDB's against its reference query where the workload gives one.</remarks>
public class QueryBenchmarks
{
    private LoadedProfiles _loaded = null!;
    private WorkloadQuery _query = null!;

    /// <summary>The row counts to run; the <c>queries</c> command's <c>--rows</c> replaces them.</summary>
    public static IReadOnlyList<long> RowCounts { get; set; } = [1_000_000, 10_000_000];

    /// <summary>The names of the workload's queries.</summary>
    public static IEnumerable<string> QueryNames => Workload.Queries.Select(query => query.Name);

    /// <summary>Profiles in the table.</summary>
    [ParamsSource(nameof(RowCounts))]
    public long Rows { get; set; }

    /// <summary>The workload query, by name.</summary>
    [ParamsSource(nameof(QueryNames))]
    public string Query { get; set; } = "";

    /// <summary>Loads the profiles (once per row count) and checks PortraitDb's answer against DuckDB's.</summary>
    [GlobalSetup(Target = nameof(PortraitDb))]
    public void SetupPortraitDb()
    {
        Prepare();
        var expected = _loaded.Duck.Run(_query.DuckSql);
        var actual = _loaded.Portrait.Run(_query.PortraitSql);
        string? difference = ResultComparer.Difference(actual, expected);
        if (difference is not null)
            throw new InvalidOperationException($"{_query.Name} at {Rows:N0} rows: PortraitDb's answer differs from DuckDB's: {difference}");
    }

    /// <summary>Loads the profiles (once per row count) and checks DuckDB's answer against its reference query, where there is one.</summary>
    [GlobalSetup(Target = nameof(DuckDb))]
    public void SetupDuckDb()
    {
        Prepare();
        if (_query.DuckReferenceSql is null)
            return;
        string? difference = ResultComparer.Difference(_loaded.Duck.Run(_query.DuckSql), _loaded.Duck.Run(_query.DuckReferenceSql));
        if (difference is not null)
            throw new InvalidOperationException($"{_query.Name} at {Rows:N0} rows: DuckDB's answer differs from its reference query: {difference}");
    }

    /// <summary>The query on DuckDB (in memory, ENUM categories), its answer read into .NET values.</summary>
    [Benchmark(Baseline = true)]
    public object DuckDb() => _loaded.Duck.Run(_query.DuckSql);

    /// <summary>The query on PortraitDb, through <see cref="PortraitDatabase.Execute"/>.</summary>
    [Benchmark]
    public object PortraitDb() => _loaded.Portrait.Run(_query.PortraitSql);

    private void Prepare()
    {
        _query = Workload.Queries.Single(query => query.Name == Query);
        _loaded = LoadedProfiles.Get(Rows);
    }
}
