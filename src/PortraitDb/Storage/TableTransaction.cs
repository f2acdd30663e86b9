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

    /// <summary>Inserts a row (values in column order); returns its row id.</summary>
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

    /// <summary>Publishes every change at once and ends the transaction.</summary>
    public void Commit()
    {
        var data = Data;
        _data = null;
        try
        {
            _table.Publish(data);
        }
        finally
        {
            _table.ReleaseWriter();
        }
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
        if (values.Length != schema.Columns.Count)
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Table '{_table.Name}' has {schema.Columns.Count} columns; {values.Length} values were given.");
        var cells = new Cell[values.Length];
        for (int column = 0; column < values.Length; column++)
            cells[column] = ValueConversion.ToCell(values[column], schema.Columns[column]);
        return cells;
    }
}
