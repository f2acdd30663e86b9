using PortraitDb.Bitmaps;
using PortraitDb.Query;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Execution;
using PortraitDb.Storage;

namespace PortraitDb.Portrait;

/// <summary>
/// A set of customers of one table, fixed at the table version it was evaluated on: how many, who (row ids and
/// keys), combined with other audiences by set algebra, and broken down by a column. Made by
/// <see cref="PortraitDatabase.Audience(string, string, QueryParameters?)"/>. Immutable and safe to share between threads.
/// </summary>
public sealed class Audience
{
    private readonly TableData _data;
    private readonly RoaringBitmap _rows;

    internal Audience(string tableName, TableData data, RoaringBitmap rows, string description)
    {
        TableName = tableName;
        _data = data;
        _rows = rows;
        Description = description;
    }

    /// <summary>The table the audience belongs to.</summary>
    public string TableName { get; }

    /// <summary>The condition (or combination) that defined the audience.</summary>
    public string Description { get; }

    /// <summary>How many customers the audience holds.</summary>
    public long Count => _rows.Cardinality;

    /// <summary>The members' row ids, as a new bitmap the caller may change or serialize (portable Roaring format).</summary>
    public RoaringBitmap Ids => _rows.Clone();

    /// <summary>The members' key values (the table's KEY column) in row order.</summary>
    /// <exception cref="PortraitDbException">The table has no KEY column.</exception>
    public IEnumerable<object> Keys
    {
        get
        {
            int key = _data.Schema.KeyOrdinal;
            if (key < 0)
                throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"Table '{TableName}' has no KEY column; use Ids.");
            var reader = new RowReader(_data);
            foreach (uint row in _rows)
                yield return reader.Read(key, row).ToObject()!;
        }
    }

    /// <summary>Customers in both audiences.</summary>
    public Audience And(Audience other) => Combine(other, RoaringBitmap.And(_rows, Same(other)._rows), "AND");

    /// <summary>Customers in either audience.</summary>
    public Audience Or(Audience other) => Combine(other, RoaringBitmap.Or(_rows, Same(other)._rows), "OR");

    /// <summary>Customers in this audience and not in <paramref name="other"/>.</summary>
    public Audience Except(Audience other) => Combine(other, RoaringBitmap.AndNot(_rows, Same(other)._rows), "EXCEPT");

    /// <summary>The audience by the values of <paramref name="column"/>: value, count, and share of the audience, largest first.</summary>
    /// <exception cref="PortraitDbException">There is no such column.</exception>
    public QueryResult BreakdownBy(string column)
    {
        int ordinal = _data.Schema.IndexOf(column);
        if (ordinal < 0)
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Table '{TableName}' has no column '{column}'{ExpressionBinder.Suggest(column, _data.Schema.Columns.Select(definition => definition.Name))}.");
        var key = new BoundColumn(ordinal, _data.Schema.Columns[ordinal]);
        var count = new BoundAggregate(AggregateFunction.CountStar, null, false, 0, ValueKind.Integer, 0, "COUNT(*)");
        var groups = new GroupingExecutor(_data, CancellationToken.None).Aggregate(_rows, [key], [count]);
        double total = Math.Max(1, Count);
        var rows = groups
            .OrderByDescending(group => group.Aggregates[0].Integer)
            .ThenBy(group => group.Keys[0], Comparer<Value>.Create(Value.Compare))
            .Select(group => new object?[] { group.Keys[0].ToObject(), group.Aggregates[0].Integer, group.Aggregates[0].Integer / total })
            .ToList();
        return new QueryResult(
            [new ResultColumn(_data.Schema.Columns[ordinal].Name, _data.Schema.Columns[ordinal].Type), new ResultColumn("count", ColumnType.Int64), new ResultColumn("share", ColumnType.Double)],
            rows);
    }

    /// <summary>The audience's description and size.</summary>
    public override string ToString() => $"{TableName}: {Description} ({Count:N0})";

    private Audience Same(Audience other)
    {
        if (!string.Equals(other.TableName, TableName, StringComparison.OrdinalIgnoreCase))
            throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Audiences of '{TableName}' and '{other.TableName}' cannot be combined: they belong to different tables.");
        return other;
    }

    private Audience Combine(Audience other, RoaringBitmap rows, string op)
    {
        // The newer table version answers keys and breakdowns: rows deleted since are not in it.
        var data = other._data.Transaction > _data.Transaction ? other._data : _data;
        return new Audience(TableName, data, RoaringBitmap.And(rows, data.LiveRows), $"({Description}) {op} ({other.Description})");
    }
}
