using PortraitDb.Storage;

namespace PortraitDb.Tests.Query.Differential;

/// <summary>The kinds of column the differential test generates.</summary>
public enum ModelKind
{
    /// <summary>The TEXT KEY id: never NULL, unique.</summary>
    Key,
    Category,
    Bool,
    Int,
    BigInt,
    Double,
    Decimal,
    Date,
    Tags,
}

/// <summary>
/// A generated column. <see cref="Values"/> are the values rows draw from (categories, tags); <see cref="Unused"/>
/// are values of the same family no row holds, for literals. <see cref="Domain"/> 0 keeps numbers and dates in a
/// narrow range, 1 spreads them over the type's range with its edges.
/// </summary>
public sealed record ModelColumn(int Ordinal, string Name, ModelKind Kind, IReadOnlyList<string> Values, IReadOnlyList<string> Unused, double NullRate, int Domain)
{
    public bool IsNumeric => Kind is ModelKind.Int or ModelKind.BigInt or ModelKind.Double or ModelKind.Decimal;

    /// <summary>True for the kinds ORDER BY, MIN and MAX compare the same way in every SQL engine.</summary>
    public bool IsOrderable => Kind is not ModelKind.Tags;

    public ColumnType Type => Kind switch
    {
        ModelKind.Key => ColumnType.Text,
        ModelKind.Category => ColumnType.Category,
        ModelKind.Bool => ColumnType.Bool,
        ModelKind.Int => ColumnType.Int32,
        ModelKind.BigInt => ColumnType.Int64,
        ModelKind.Double => ColumnType.Double,
        ModelKind.Decimal => ColumnType.Decimal(10, 2),
        ModelKind.Date => ColumnType.Date,
        _ => ColumnType.Tags,
    };

    public override string ToString() => $"{Name} {Type}{(Kind == ModelKind.Key ? " KEY" : "")}";
}

/// <summary>A generated table schema: a TEXT KEY and a random selection of the other kinds, in random order.</summary>
public sealed record ModelSchema(IReadOnlyList<ModelColumn> Columns)
{
    public ModelColumn Key => Columns.First(column => column.Kind == ModelKind.Key);

    public IEnumerable<ModelColumn> OfKind(params ModelKind[] kinds) => Columns.Where(column => kinds.Contains(column.Kind));

    public TableSchema ToTableSchema() => new(Columns.Select(column => new ColumnDefinition(column.Name, column.Type, column.Kind == ModelKind.Key)));

    public string CreateTableSql(string table) => $"CREATE TABLE {table} ({string.Join(", ", Columns)})";

    public override string ToString() => $"({string.Join(", ", Columns)})";
}
