using DuckDB.NET.Data;
using PortraitDb.Benchmarks.Common;

namespace PortraitDb.Benchmarks.Compare;

/// <summary>DuckDB (in memory, same process) through DuckDB.NET: each query is sent as text, as PortraitDb's is.</summary>
internal sealed class DuckEngine(DuckDBConnection connection, DuckCategories categories) : IQueryEngine
{
    public string Name => categories == DuckCategories.Enum ? "DuckDB ENUM" : "DuckDB VARCHAR";

    public EngineKind Kind => EngineKind.DuckDb;

    /// <summary>How this database stores the CATEGORY columns.</summary>
    public DuckCategories Categories => categories;

    /// <summary>The connection queried.</summary>
    public DuckDBConnection Connection => connection;

    public ResultRows Run(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return ResultRows.From(reader);
    }

    public void Dispose() => connection.Dispose();
}
