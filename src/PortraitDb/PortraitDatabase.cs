using PortraitDb.Query;
using PortraitDb.Storage;

namespace PortraitDb;

/// <summary>
/// An embedded PortraitDb database: named tables of customer profiles, in this process. Safe for concurrent
/// use: any number of readers, one writer per table at a time.
/// </summary>
public sealed class PortraitDatabase : IDisposable
{
    private readonly Dictionary<string, Table> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _catalog = new();

    private PortraitDatabase()
    {
    }

    /// <summary>A new, empty database that lives in memory only.</summary>
    public static PortraitDatabase CreateInMemory() => new();

    /// <summary>The tables, by name.</summary>
    public IReadOnlyList<Table> Tables
    {
        get
        {
            lock (_catalog)
                return [.. _tables.Values.OrderBy(table => table.Name, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>Creates an empty table.</summary>
    /// <exception cref="PortraitDbException">A table with that name exists, or the name is empty.</exception>
    public Table CreateTable(string name, TableSchema schema)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, "A table needs a name.");
        lock (_catalog)
        {
            if (_tables.ContainsKey(name))
                throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Table '{name}' already exists.");
            var table = new Table(name, schema);
            _tables.Add(name, table);
            return table;
        }
    }

    /// <summary>The table named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="PortraitDbException">There is no such table.</exception>
    public Table GetTable(string name) =>
        TryGetTable(name, out var table) ? table : throw new PortraitDbException(PortraitDbErrorKind.Binding, $"No table '{name}'.");

    /// <summary>Looks up a table by name (case-insensitive).</summary>
    public bool TryGetTable(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Table? table)
    {
        lock (_catalog)
            return _tables.TryGetValue(name, out table);
    }

    /// <summary>Drops a table; returns false when there is none. Snapshots already taken stay readable.</summary>
    public bool DropTable(string name)
    {
        lock (_catalog)
            return _tables.Remove(name);
    }

    /// <summary>Runs one or more ';'-separated statements and returns the result of the last.</summary>
    /// <param name="sql">The statements (see docs/query-language.md).</param>
    /// <param name="parameters">Values for <c>$name</c> and <c>?</c> parameters.</param>
    /// <param name="cancellationToken">Cancels a running statement; a cancelled write leaves the table as it was.</param>
    /// <exception cref="QueryException">The text does not parse, names something that does not exist, or fails.</exception>
    public QueryResult Execute(string sql, QueryParameters? parameters = null, CancellationToken cancellationToken = default) =>
        throw new PortraitDbException(PortraitDbErrorKind.NotSupported, "The query engine is not built yet.");

    /// <summary>Releases the database.</summary>
    public void Dispose()
    {
        lock (_catalog)
            _tables.Clear();
    }
}
