namespace PortraitDb.Benchmarks.Compare;

/// <summary>An engine holding the profiles table, answering SQL in its dialect.</summary>
internal interface IQueryEngine : IDisposable
{
    /// <summary>The engine's name in reports ("PortraitDb", "DuckDB ENUM").</summary>
    string Name { get; }

    /// <summary>The dialect <see cref="Run"/> takes.</summary>
    EngineKind Kind { get; }

    /// <summary>Runs one query and reads its whole answer into memory (reading is part of the timed work).</summary>
    ResultRows Run(string sql);
}
