namespace PortraitDb.Benchmarks.Compare;

/// <summary>PortraitDb through <see cref="PortraitDatabase.Execute"/>.</summary>
internal sealed class PortraitEngine(PortraitDatabase database) : IQueryEngine
{
    public string Name => "PortraitDb";

    public EngineKind Kind => EngineKind.PortraitDb;

    /// <summary>The database queried.</summary>
    public PortraitDatabase Database => database;

    public ResultRows Run(string sql) => ResultRows.From(database.Execute(sql));

    public void Dispose() => database.Dispose();
}
