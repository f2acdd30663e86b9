namespace PortraitDb.Storage;

/// <summary>
/// A write transaction on one table: its changes are invisible to readers until <see cref="Commit"/> and are
/// dropped by <see cref="Dispose"/> without a commit. A change that throws leaves the transaction as it was
/// before that change. Holds the table's single writer slot until committed or disposed.
/// </summary>
public sealed class TableTransaction : IDisposable
{
    private readonly Table _table;
    private TableData? _data;

    internal TableTransaction(Table table, TableData data)
    {
        _table = table;
        _data = data;
    }

    private TableData Data => _data ?? throw new InvalidOperationException("The transaction has ended.");

    /// <summary>The uncommitted state, as this transaction sees it.</summary>
    public TableSnapshot Snapshot => new(Data);

    /// <summary>
    /// Inserts a row; returns its row id. The values are in column order, either for every column (a derived
    /// column's value must then be null) or for the stored columns only (<see cref="TableSchema.StoredColumns"/>).
    /// </summary>
    /// <exception cref="PortraitDbException">A value does not fit its column, or the key is NULL or exists.</exception>
    public uint Insert(params object?[] values) => Data.InsertRow(ToCells(values));

    /// <summary>Inserts the row, or replaces every column of the live row with the same key; returns its row id.</summary>
    /// <exception cref="PortraitDbException">The table has no key, or a value does not fit its column.</exception>
    public uint Upsert(params object?[] values)
    {
        var data = Data;
        if (data.Schema.KeyOrdinal < 0)
            throw new PortraitDbException(PortraitDbErrorKind.Constraint, "Upsert needs a KEY column; this table has none.");
        var cells = ToCells(values);
        long row = data.FindRow(cells[data.Schema.KeyOrdinal]);
        if (row < 0)
            return data.InsertRow(cells);
        data.ReplaceRow((uint)row, cells);
        return (uint)row;
    }

    /// <summary>Deletes the row with <paramref name="key"/>; returns false when there is none.</summary>
    public bool Delete(object key) => FindByKey(key) is long row && DeleteRow((uint)row);

    /// <summary>Deletes a row by id; returns false when it is not live.</summary>
    public bool DeleteRow(uint row)
    {
        if (!Data.IsLive(row))
            return false;
        Data.DeleteRow(row);
        return true;
    }

    /// <summary>Sets <paramref name="column"/> of the row with <paramref name="key"/>; returns false when there is no such row.</summary>
    /// <exception cref="PortraitDbException">No such column, the value does not fit, or a new key exists.</exception>
    public bool Update(object key, string column, object? value)
    {
        int ordinal = Ordinal(column);
        return FindByKey(key) is long row && UpdateRow((uint)row, ordinal, value);
    }

    /// <summary>Sets column <paramref name="column"/> of a row by id; returns false when it is not live.</summary>
    public bool UpdateRow(uint row, int column, object? value)
    {
        var data = Data;
        if (!data.IsLive(row))
            return false;
        data.UpdateCell(row, column, ValueConversion.ToCell(value, data.Schema.Columns[column]));
        return true;
    }

    /// <summary>Adds a stored column at the end of the table, NULL in every row, visible to readers at commit.</summary>
    /// <exception cref="PortraitDbException">The name is taken, or the column is a KEY or derived (tags are made by CREATE TAG).</exception>
    public void AddColumn(ColumnDefinition column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.IsDerived)
            throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"Column '{column.Name}' is derived; tags are added with CREATE TAG.");
        if (Data.Schema.IndexOf(column.Name) >= 0)
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Table '{_table.Name}' already has a column '{column.Name}'.");
        Data.AddColumn(column);
    }

    /// <summary>Drops a column and its values; readers see it until commit, and snapshots taken earlier keep it.</summary>
    /// <exception cref="PortraitDbException">No such column, or it is the KEY or the only column.</exception>
    public void DropColumn(string column) => Data.DropColumn(Ordinal(column));

    /// <summary>
    /// Publishes every change at once and ends the transaction. Tags (derived columns) are recomputed first for the
    /// rows this transaction wrote; if that fails, nothing is published and the transaction stays open for
    /// <see cref="Dispose"/>.
    /// </summary>
    /// <exception cref="PortraitDbException">A tag cannot be computed for a row written.</exception>
    public void Commit()
    {
        var data = Data;
        _table.Publish(data);
        _data = null;
        _table.ReleaseWriter();
    }

    /// <summary>Ends the transaction, dropping its changes unless it was committed.</summary>
    public void Dispose()
    {
        if (_data is null)
            return;
        _data = null;
        _table.ReleaseWriter();
    }

    private long? FindByKey(object key)
    {
        var data = Data;
        if (data.Schema.KeyOrdinal < 0)
            throw new PortraitDbException(PortraitDbErrorKind.Constraint, "Lookup by key needs a KEY column; this table has none.");
        long row = data.FindRow(ValueConversion.ToCell(key, data.Schema.Key!));
        return row >= 0 ? row : null;
    }

    private int Ordinal(string column)
    {
        int ordinal = Data.Schema.IndexOf(column);
        return ordinal >= 0 ? ordinal : throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Table '{_table.Name}' has no column '{column}'.");
    }

    private Cell[] ToCells(object?[] values)
    {
        var schema = Data.Schema;
        var cells = new Cell[schema.Columns.Count];
        if (values.Length == schema.Columns.Count)
        {
            for (int column = 0; column < values.Length; column++)
                cells[column] = ValueConversion.ToCell(values[column], schema.Columns[column]);
            return cells;
        }
        if (values.Length != schema.StoredColumns.Count)
        {
            string stored = schema.HasDerivedColumns ? $" ({schema.StoredColumns.Count} without its tags)" : "";
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Table '{_table.Name}' has {schema.Columns.Count} columns{stored}; {values.Length} values were given.");
        }
        int given = 0;
        for (int column = 0; column < cells.Length; column++)
            cells[column] = schema.Columns[column].IsDerived ? Cell.Null : ValueConversion.ToCell(values[given++], schema.Columns[column]);
        return cells;
    }
}
