using System.Globalization;

namespace PortraitDb.Storage;

/// <summary>
/// Bulk loading from the host: append each row's values in column order with the typed <c>Append</c>
/// overloads, call <see cref="EndRow"/>, and <see cref="Commit"/> to publish the rows appended so far (the
/// appender stays open for the next batch). <see cref="Dispose"/> drops uncommitted rows. A value that does not
/// fit its column throws and discards the row being built; earlier rows stay. A row holds the stored columns
/// (<see cref="TableSchema.StoredColumns"/>): tags are computed at commit.
/// </summary>
public sealed class TableAppender : IDisposable
{
    private readonly Table _table;
    private readonly ColumnDefinition[] _columns;
    private readonly int[] _ordinals;
    private readonly int _keyOrdinal;
    private readonly Cell[] _row;
    private TableData? _data;
    private int _column;

    internal TableAppender(Table table, TableData data)
    {
        _table = table;
        var schema = data.Schema;
        _columns = [.. schema.StoredColumns];
        _ordinals = [.. _columns.Select(column => schema.IndexOf(column.Name))];
        _keyOrdinal = schema.Key is { } key ? Array.IndexOf(_columns, key) : -1;
        _data = data;
        data.BeginBulkInsert();
        // Tags' cells stay NULL: they are computed at commit.
        _row = new Cell[schema.Columns.Count];
        Array.Fill(_row, Cell.Null);
    }

    /// <summary>The columns a row is appended with, in order: every column but the tags.</summary>
    public IReadOnlyList<ColumnDefinition> Columns => _columns;

    /// <summary>Rows appended since the appender was created, committed or not.</summary>
    public long RowsAppended { get; private set; }

    /// <summary>Appends NULL.</summary>
    public TableAppender AppendNull() => Put(Cell.Null);

    /// <summary>Appends a TEXT or CATEGORY value (null appends NULL).</summary>
    public TableAppender Append(string? value)
    {
        if (value is null)
            return AppendNull();
        return Expect(ColumnKind.Text, ColumnKind.Category) ? Put(Cell.FromText(value)) : throw Mismatch("a string");
    }

    /// <summary>Appends a BOOL value.</summary>
    public TableAppender Append(bool value) => Expect(ColumnKind.Bool) ? Put(Cell.FromInteger(value ? 1 : 0)) : throw Mismatch("a bool");

    /// <summary>Appends an integer to an INT, BIGINT, DOUBLE or DECIMAL column.</summary>
    public TableAppender Append(long value)
    {
        var column = CurrentColumn;
        return column.Type.Kind switch
        {
            ColumnKind.Int32 when value is >= int.MinValue and <= int.MaxValue => Put(Cell.FromInteger(value)),
            ColumnKind.Int32 => throw Error($"{value} does not fit INT"),
            ColumnKind.Int64 => Put(Cell.FromInteger(value)),
            ColumnKind.Double => Put(Cell.FromReal(value)),
            ColumnKind.Decimal => Put(Cell.FromInteger(ValueConversion.ScaledFromDecimal(value, column.Type, column.Name))),
            _ => throw Mismatch("an integer"),
        };
    }

    /// <summary>Appends an integer to an INT, BIGINT, DOUBLE or DECIMAL column.</summary>
    public TableAppender Append(int value) => Append((long)value);

    /// <summary>Appends a number to a DOUBLE or DECIMAL column.</summary>
    public TableAppender Append(double value)
    {
        var column = CurrentColumn;
        return column.Type.Kind switch
        {
            ColumnKind.Double => Put(Cell.FromReal(value)),
            ColumnKind.Decimal when double.IsFinite(value) => Put(Cell.FromInteger(ValueConversion.ScaledFromDecimal((decimal)value, column.Type, column.Name))),
            _ => throw Mismatch("a double"),
        };
    }

    /// <summary>Appends an exact number to a DECIMAL or DOUBLE column.</summary>
    public TableAppender Append(decimal value)
    {
        var column = CurrentColumn;
        return column.Type.Kind switch
        {
            ColumnKind.Decimal => Put(Cell.FromInteger(ValueConversion.ScaledFromDecimal(value, column.Type, column.Name))),
            ColumnKind.Double => Put(Cell.FromReal((double)value)),
            _ => throw Mismatch("a decimal"),
        };
    }

    /// <summary>Appends a DATE (or a TIMESTAMP at midnight).</summary>
    public TableAppender Append(DateOnly value) => CurrentColumn.Type.Kind switch
    {
        ColumnKind.Date => Put(Cell.FromInteger(ValueConversion.DaysFromDate(value))),
        ColumnKind.Timestamp => Put(Cell.FromInteger(ValueConversion.MicrosecondsFromTimestamp(value.ToDateTime(TimeOnly.MinValue)))),
        _ => throw Mismatch("a date"),
    };

    /// <summary>Appends a TIMESTAMP (or a DATE, when the time is midnight).</summary>
    public TableAppender Append(DateTime value) => CurrentColumn.Type.Kind switch
    {
        ColumnKind.Timestamp => Put(Cell.FromInteger(ValueConversion.MicrosecondsFromTimestamp(value))),
        ColumnKind.Date when value.TimeOfDay == TimeSpan.Zero => Put(Cell.FromInteger(ValueConversion.DaysFromDate(DateOnly.FromDateTime(value)))),
        _ => throw Mismatch("a date and time"),
    };

    /// <summary>Appends a TAGS value: a set of strings (duplicates count once; null appends NULL).</summary>
    public TableAppender Append(IReadOnlyCollection<string>? tags)
    {
        if (tags is null)
            return AppendNull();
        return Expect(ColumnKind.Tags) ? Put(Cell.FromTags(tags as string[] ?? [.. tags])) : throw Mismatch("a set of tags");
    }

    /// <summary>Ends the row; it becomes visible at the next <see cref="Commit"/>.</summary>
    /// <exception cref="PortraitDbException">Too few values, or the key is NULL or already present; the row is discarded.</exception>
    public void EndRow()
    {
        var data = Data;
        try
        {
            if (_column != _columns.Length)
                throw Error($"the row has {_column} of {_columns.Length} values", atColumn: false);
            data.InsertRow(_row);
            RowsAppended++;
        }
        catch (RowRefusedException refused) when (_columns.Length != _row.Length)
        {
            // Report the column by its place among the appended columns, as the caller counts them.
            throw new RowRefusedException(refused.Kind, Array.IndexOf(_ordinals, refused.Column), refused.Message);
        }
        finally
        {
            _column = 0;
            Array.Fill(_row, Cell.Null);
        }
    }

    /// <summary>Publishes the rows appended so far; the appender stays open for more.</summary>
    /// <exception cref="PortraitDbException">A row was begun but not ended.</exception>
    public void Commit()
    {
        var data = Data;
        if (_column != 0)
            throw Error("commit with a row begun but not ended", atColumn: false);
        try
        {
            _table.Publish(data);
        }
        catch
        {
            // The rows were not made durable: drop them and free the table, as Dispose would.
            _data = null;
            _table.ReleaseWriter();
            throw;
        }
        _data = _table.ContinueWriting();
        _data.BeginBulkInsert();
    }

    /// <summary>Drops rows not yet committed and releases the table for other writers.</summary>
    public void Dispose()
    {
        if (_data is null)
            return;
        _data = null;
        _table.ReleaseWriter();
    }

    internal TableAppender AppendCell(in Cell cell) => Put(cell);

    internal ColumnDefinition CurrentColumn => _column < _columns.Length
        ? _columns[_column]
        : throw Error($"the row already has all {_columns.Length} values; call EndRow", atColumn: false);

    private TableData Data => _data ?? throw new InvalidOperationException("The appender has been disposed.");

    private bool Expect(ColumnKind kind) => CurrentColumn.Type.Kind == kind;

    private bool Expect(ColumnKind first, ColumnKind second) => CurrentColumn.Type.Kind == first || CurrentColumn.Type.Kind == second;

    private TableAppender Put(in Cell cell)
    {
        var data = Data;
        if (_column >= _columns.Length)
            throw Error($"the row already has all {_columns.Length} values; call EndRow", atColumn: false);
        if (_column == _keyOrdinal)
            data.PrefetchKey(cell);
        _row[_ordinals[_column++]] = cell;
        return this;
    }

    private PortraitDbException Mismatch(string what)
    {
        var column = CurrentColumn;
        return Error($"{what} does not fit {column.Type}");
    }

    private PortraitDbException Error(string problem, bool atColumn = true)
    {
        string where = atColumn && _column < _columns.Length
            ? $"row {(RowsAppended + 1).ToString(CultureInfo.InvariantCulture)}, column '{_columns[_column].Name}'"
            : $"row {(RowsAppended + 1).ToString(CultureInfo.InvariantCulture)}";
        _column = 0;
        Array.Fill(_row, Cell.Null);
        return new PortraitDbException(PortraitDbErrorKind.Type, $"Appender on '{_table.Name}', {where}: {problem}.");
    }
}
