using PortraitDb.Bitmaps;

namespace PortraitDb.Storage;

/// <summary>
/// A read-only view of one version of a table. It never changes, whatever commits later, and any number of
/// threads may read it at once. Bitmaps it returns are copies the caller owns.
/// </summary>
public sealed class TableSnapshot
{
    internal TableSnapshot(TableData data) => Data = data;

    internal TableData Data { get; }

    /// <summary>The table's columns.</summary>
    public TableSchema Schema => Data.Schema;

    /// <summary>The number of live rows.</summary>
    public long RowCount => Data.LiveRows.Cardinality;

    /// <summary>One past the largest row id ever allocated (deleted rows keep their ids).</summary>
    public uint RowIdLimit => Data.RowCount;

    /// <summary>True when <paramref name="row"/> is a live row.</summary>
    public bool IsLive(uint row) => Data.IsLive(row);

    /// <summary>The value of a live row's column as a .NET object (string, bool, int, long, double, decimal, DateOnly, DateTime, string[]), or null for NULL.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is not live or the column does not exist.</exception>
    public object? GetValue(uint row, int column)
    {
        if (!Data.IsLive(row))
            throw new ArgumentOutOfRangeException(nameof(row), row, "Not a live row.");
        if ((uint)column >= (uint)Schema.Columns.Count)
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The table has {Schema.Columns.Count} columns.");
        return Data.GetValue(row, column);
    }

    /// <summary>The value of a live row's column, by column name.</summary>
    /// <exception cref="PortraitDbException">No such column.</exception>
    public object? GetValue(uint row, string column) => GetValue(row, Ordinal(column));

    /// <summary>All values of a live row, in column order.</summary>
    public object?[] GetRow(uint row)
    {
        var values = new object?[Schema.Columns.Count];
        for (int column = 0; column < values.Length; column++)
            values[column] = GetValue(row, column);
        return values;
    }

    /// <summary>Finds the live row whose key equals <paramref name="key"/>.</summary>
    /// <exception cref="PortraitDbException">The table has no key, or the value does not fit the key's type.</exception>
    public bool TryFindRow(object key, out uint row)
    {
        var keyColumn = Schema.Key ?? throw new PortraitDbException(PortraitDbErrorKind.Constraint, "The table has no KEY column.");
        long found = Data.FindRow(ValueConversion.ToCell(key, keyColumn));
        row = found >= 0 ? (uint)found : 0;
        return found >= 0;
    }

    /// <summary>The ids of the live rows.</summary>
    public RoaringBitmap GetLiveRows() => Data.LiveRows.Clone();

    /// <summary>The live rows where <paramref name="column"/> is NULL.</summary>
    public RoaringBitmap GetNullRows(string column) => Data.NullRows[Ordinal(column)].Clone();

    /// <summary>
    /// The live rows whose indexed column equals <paramref name="value"/>: a CATEGORY value, a tag of a TAGS
    /// column, or true/false of a BOOL column. Empty for a value the column never held.
    /// </summary>
    /// <exception cref="PortraitDbException">No such column, or it is not CATEGORY, TAGS or BOOL.</exception>
    public RoaringBitmap GetRowsWithValue(string column, object value) => IndexBitmap(Ordinal(column), value)?.Clone() ?? new RoaringBitmap();

    /// <summary>The distinct values a CATEGORY or TAGS column has held, in order of first appearance.</summary>
    public IReadOnlyList<string> GetDistinctValues(string column)
    {
        int ordinal = Ordinal(column);
        var dictionary = Data.Dictionaries[ordinal] ?? throw NotIndexed(ordinal);
        int count = Data.DictionaryCounts[ordinal];
        var values = new string[count];
        for (int code = 0; code < count; code++)
            values[code] = dictionary[code];
        return values;
    }

    /// <summary>Bytes the table occupies in memory at this version (columns, indexes, dictionaries, key index).</summary>
    public long SizeInBytes => Data.SizeInBytes;

    internal RoaringBitmap? IndexBitmap(int column, object value)
    {
        if (!Schema.Columns[column].Type.IsIndexed)
            throw NotIndexed(column);
        if (Schema.Columns[column].Type.Kind == ColumnKind.Bool)
        {
            return value is bool flag ? Data.ValueBitmap(column, flag ? 1 : 0)
                : throw new PortraitDbException(PortraitDbErrorKind.Type, $"Column '{Schema.Columns[column].Name}' is BOOL; compare it with true or false.");
        }
        if (value is not string text)
            throw new PortraitDbException(PortraitDbErrorKind.Type, $"Column '{Schema.Columns[column].Name}' holds strings; {value} is not one.");
        // A code added by a rolled-back transaction is in the shared dictionary but has no index entry here.
        return Data.Dictionaries[column]!.TryGetCode(text, out int code) && code < Data.DictionaryCounts[column] && code < Data.ValueCount(column) ? Data.ValueBitmap(column, code) : null;
    }

    private int Ordinal(string column)
    {
        int ordinal = Schema.IndexOf(column);
        return ordinal >= 0 ? ordinal : throw new PortraitDbException(PortraitDbErrorKind.Binding, $"No column '{column}'.");
    }

    private PortraitDbException NotIndexed(int column) =>
        new(PortraitDbErrorKind.Type, $"Column '{Schema.Columns[column].Name}' is {Schema.Columns[column].Type}; only CATEGORY, TAGS and BOOL columns have value indexes.");
}
