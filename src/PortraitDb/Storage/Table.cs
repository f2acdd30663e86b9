namespace PortraitDb.Storage;

/// <summary>
/// A named table of profiles: columnar segments, a bitmap index on every CATEGORY, BOOL and TAGS value, zone
/// maps on numbers and dates, and a key index. Any number of threads read through snapshots while one writer
/// at a time changes the table through a transaction or an appender; a change becomes visible, whole, when it
/// commits.
/// </summary>
public sealed class Table
{
    private static long _lastTransaction;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private TableData _current;

    internal Table(string name, TableSchema schema, TableData? data = null)
    {
        Name = name;
        _current = data ?? new TableData(schema);
    }

    /// <summary>The table's number in its database's files (0 for a table of an in-memory database).</summary>
    internal int Id { get; set; }

    /// <summary>Where commits go to be durable; null for an in-memory database.</summary>
    internal Persistence.DatabaseStore? Store { get; set; }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>The table's columns in the latest committed version (columns are added and dropped by transactions).</summary>
    public TableSchema Schema => Current.Schema;

    /// <summary>Computes derived columns (tags) for the rows a write changed; set by the database that holds the table.</summary>
    internal IDerivedColumns? DerivedColumns { get; set; }

    /// <summary>The number of live rows in the latest committed version.</summary>
    public long RowCount => Current.LiveRows.Cardinality;

    /// <summary>A consistent, read-only view of the latest committed version; later commits do not change it.</summary>
    public TableSnapshot GetSnapshot() => new(Current);

    internal TableData Current => Volatile.Read(ref _current);

    /// <summary>Starts a write transaction, waiting for the current writer (if any) to finish.</summary>
    /// <exception cref="PortraitDbException">Another writer held the table for longer than <paramref name="timeout"/>.</exception>
    public TableTransaction BeginTransaction(TimeSpan? timeout = null) => new(this, AcquireWriter(timeout));

    /// <summary>An appender for bulk loading: typed values column by column, <c>EndRow</c> per row, <c>Commit</c> per batch.</summary>
    /// <exception cref="PortraitDbException">Another writer held the table for longer than <paramref name="timeout"/>.</exception>
    public TableAppender CreateAppender(TimeSpan? timeout = null) => new(this, AcquireWriter(timeout));

    /// <summary>Inserts one row (values in column order) and commits; returns its row id.</summary>
    /// <exception cref="PortraitDbException">A value does not fit its column, or the key is NULL or exists.</exception>
    public uint Insert(params object?[] values)
    {
        using var transaction = BeginTransaction();
        uint row = transaction.Insert(values);
        transaction.Commit();
        return row;
    }

    /// <summary>Inserts the row, or replaces every column of the row with the same key, and commits; returns its row id.</summary>
    /// <exception cref="PortraitDbException">The table has no key, or a value does not fit its column.</exception>
    public uint Upsert(params object?[] values)
    {
        using var transaction = BeginTransaction();
        uint row = transaction.Upsert(values);
        transaction.Commit();
        return row;
    }

    /// <summary>Deletes the row with <paramref name="key"/> and commits; returns false when there is none.</summary>
    public bool Delete(object key)
    {
        using var transaction = BeginTransaction();
        bool deleted = transaction.Delete(key);
        transaction.Commit();
        return deleted;
    }

    /// <summary>Sets <paramref name="column"/> of the row with <paramref name="key"/> and commits; returns false when there is no such row.</summary>
    public bool Update(object key, string column, object? value)
    {
        using var transaction = BeginTransaction();
        bool updated = transaction.Update(key, column, value);
        transaction.Commit();
        return updated;
    }

    /// <summary>The table's name and schema.</summary>
    public override string ToString() => $"{Name} {Schema}";

    private TableData AcquireWriter(TimeSpan? timeout)
    {
        if (!_writer.Wait(timeout ?? Timeout.InfiniteTimeSpan))
            throw new PortraitDbException(PortraitDbErrorKind.Constraint, $"Table '{Name}' is being written by another writer; timed out after {timeout}.");
        try
        {
            return ContinueWriting();
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    /// <summary>
    /// Makes <paramref name="data"/> the current version; the writer keeps the lock. Derived columns are recomputed
    /// first for the rows the writer changed, so a change and its tags publish together; when that fails, nothing is
    /// published and the exception says why. In a persistent database the changes are on disk (in the write-ahead
    /// log, or a checkpoint for a bulk load) before they become visible.
    /// </summary>
    internal void Publish(TableData data)
    {
        data.Seal();
        if (data.Schema.HasDerivedColumns && data.TakeWrittenRows() is { } written)
        {
            var derived = DerivedColumns ?? throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Table '{Name}' has derived columns but nothing to compute them.");
            try
            {
                derived.Recompute(this, data, written);
            }
            catch
            {
                // Nothing was published: the rows stay written, so a later commit of this writer recomputes them.
                data.ReturnWrittenRows(written);
                throw;
            }
            data.Seal();
        }
        if (Store is { } store && data.Log is { IsEmpty: false } log)
            store.Commit(this, data, log);
        else
            PublishSealed(data);
    }

    /// <summary>Makes a sealed version current, once it is durable.</summary>
    internal void PublishSealed(TableData data) => Volatile.Write(ref _current, data);

    /// <summary>A fresh writing copy of the current version, for a writer that already holds the lock.</summary>
    internal TableData ContinueWriting()
    {
        var data = Current.BeginWrite(Interlocked.Increment(ref _lastTransaction));
        if (Store is { } store)
            data.Log = store.NewChangeLog();
        return data;
    }

    /// <summary>A writing copy for replaying the log while the database opens (no writer can be active then).</summary>
    internal TableData BeginReplay() => Current.BeginWrite(Interlocked.Increment(ref _lastTransaction));

    internal void PublishReplayed(TableData data)
    {
        data.Seal();
        PublishSealed(data);
    }

    internal void ReleaseWriter() => _writer.Release();
}
