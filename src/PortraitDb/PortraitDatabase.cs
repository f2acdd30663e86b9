using PortraitDb.Persistence;
using PortraitDb.Portrait;
using PortraitDb.Query;
using PortraitDb.Query.Execution;
using PortraitDb.Query.Syntax;
using PortraitDb.Storage;

namespace PortraitDb;

/// <summary>
/// An embedded PortraitDb database: named tables of customer profiles, in this process, in memory only or kept in
/// a directory. Safe for concurrent use: any number of readers, one writer per table at a time.
/// </summary>
public sealed partial class PortraitDatabase : IDisposable
{
    /// <summary>The write-ahead log size past which a commit also checkpoints, by default (64 MiB).</summary>
    public const long DefaultCheckpointLogBytes = 64L << 20;

    private readonly Dictionary<string, Table> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _catalog = new();
    // Serializes CREATE and DROP so that a name checked free is still free when the change is logged and applied.
    private readonly Lock _ddl = new();
    private readonly ParsedScriptCache _parsedScripts = new();
    private DatabaseStore? _store;

    private PortraitDatabase()
    {
    }

    /// <summary>A new, empty database that lives in memory only.</summary>
    public static PortraitDatabase CreateInMemory() => new();

    /// <summary>
    /// Opens the database kept in <paramref name="directory"/>, creating it when the directory is empty or absent.
    /// Every statement that returns has its changes on disk (in the write-ahead log, fsynced); opening recovers them.
    /// One process at a time may open a database directory.
    /// </summary>
    /// <param name="directory">The database directory.</param>
    /// <param name="checkpointLogBytes">The write-ahead log size past which a commit also checkpoints.</param>
    /// <exception cref="PortraitDbException">The directory is open elsewhere (<see cref="PortraitDbErrorKind.Io"/>), or a file is damaged or missing (<see cref="PortraitDbErrorKind.Corruption"/>, naming the file).</exception>
    public static PortraitDatabase Open(string directory, long checkpointLogBytes = DefaultCheckpointLogBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var database = new PortraitDatabase();
        database._store = DatabaseStore.Open(directory, database, checkpointLogBytes);
        lock (database._catalog)
        {
            foreach (var table in database._tables.Values)
                table.Store = database._store;
        }
        return database;
    }

    /// <summary>The database's directory, or null for an in-memory database.</summary>
    public string? DirectoryPath => _store?.Directory;

    /// <summary>
    /// Writes every change since the last checkpoint into the database files and starts a fresh write-ahead log, so
    /// the next open replays nothing. Commits also checkpoint when the log grows past its limit, and so does
    /// <see cref="Dispose"/>. Does nothing for an in-memory database.
    /// </summary>
    public void Checkpoint() => _store?.Checkpoint();

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
        lock (_ddl)
        {
            if (TryGetTable(name, out _))
                throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Table '{name}' already exists.");
            var table = NewTable(name, schema, null);
            if (_store is null)
                AttachTable(table);
            else
                _store.CreateTable(table, () => AttachTable(table));
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
        lock (_ddl)
        {
            if (!TryGetTable(name, out var table))
                return false;
            if (_store is null)
                DetachTable(table);
            else
                _store.DropTable(table, () => DetachTable(table));
            return true;
        }
    }

    /// <summary>A table of this database (new, or read from disk with <paramref name="data"/>), wired to compute its tags and log its commits.</summary>
    internal Table NewTable(string name, TableSchema schema, TableData? data) =>
        new(name, schema, data) { Store = _store, DerivedColumns = new TagMaintenance(this) };

    internal void AttachTable(Table table)
    {
        lock (_catalog)
            _tables.Add(table.Name, table);
    }

    internal void DetachTable(Table table)
    {
        lock (_catalog)
            _tables.Remove(table.Name);
    }

    /// <summary>Runs one or more ';'-separated statements and returns the result of the last.</summary>
    /// <param name="sql">The statements (see docs/query-language.md).</param>
    /// <param name="parameters">Values for <c>$name</c> and <c>?</c> parameters.</param>
    /// <param name="cancellationToken">Cancels a running statement; a cancelled write leaves the table as it was.</param>
    /// <exception cref="QueryException">The text does not parse, names something that does not exist, or fails.</exception>
    public QueryResult Execute(string sql, QueryParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (Timeout is { } limit && limit != System.Threading.Timeout.InfiniteTimeSpan)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(limit);
            try
            {
                return Run(sql, parameters, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new QueryException(PortraitDbErrorKind.Constraint, $"the statement ran longer than the {limit.TotalSeconds:0.###} s timeout and was cancelled");
            }
        }
        return Run(sql, parameters, cancellationToken);
    }

    /// <summary>Receives the progress of the IMPORT statements <see cref="Execute"/> runs (bytes read, rows), e.g. for a progress bar; null for none.</summary>
    public IProgress<Ingest.ImportProgress>? ImportProgress { get; set; }

    /// <summary>The longest a statement may run before it is cancelled (a cancelled write leaves the table as it was); null for no limit.</summary>
    public TimeSpan? Timeout { get; set; }

    private QueryResult Run(string sql, QueryParameters? parameters, CancellationToken cancellationToken)
    {
        var statements = _parsedScripts.Parse(sql);
        var executor = new StatementExecutor(this, sql, parameters, cancellationToken);
        var result = QueryResult.Statement("no statement");
        try
        {
            foreach (var statement in statements)
                result = executor.Execute(statement);
        }
        catch (AggregateException error) when (Internal.ParallelErrors.HasEngineError(error))
        {
            // A parallel step failed (a damaged chunk, a cancellation): report it as the one error it is.
            throw Internal.ParallelErrors.Rethrow(error);
        }
        return result;
    }

    /// <summary>
    /// Runs a query and streams its rows: a row listing without ORDER BY reads rows as they are enumerated
    /// (stop early and the rest is never read); other queries are computed, then handed out.
    /// </summary>
    /// <exception cref="QueryException">The text does not parse, names something that does not exist, or fails.</exception>
    public IEnumerable<object?[]> Query(string sql, QueryParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statement = Parser.ParseStatement(sql);
        var executor = new StatementExecutor(this, sql, parameters, cancellationToken);
        return executor.Stream(statement);
    }

    /// <summary>The customers of <paramref name="table"/> that satisfy <paramref name="condition"/> (a WHERE condition), now.</summary>
    /// <example><code>var audience = db.Audience("profiles", "gender = 'female' AND city = $city", new QueryParameters { ["city"] = "北京" });</code></example>
    /// <exception cref="QueryException">The condition does not parse or names an unknown table or column.</exception>
    public Audience Audience(string table, string condition, QueryParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(condition);
        var expression = Parser.ParseExpression(condition);
        return new StatementExecutor(this, condition, parameters, CancellationToken.None).Audience(table, expression);
    }

    /// <summary>Closes a persistent database as a crash would: no checkpoint (tests of recovery).</summary>
    internal void Abandon()
    {
        _store?.Abandon();
        lock (_catalog)
            _tables.Clear();
    }

    /// <summary>Releases the database; a database kept in a directory checkpoints first and then closes its files.</summary>
    public void Dispose()
    {
        _store?.Dispose();
        lock (_catalog)
            _tables.Clear();
    }
}
