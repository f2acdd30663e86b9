using System.Collections.ObjectModel;

namespace PortraitDb.Storage;

/// <summary>The columns of a table, in order, with at most one key column.</summary>
public sealed class TableSchema
{
    private readonly Dictionary<string, int> _ordinals;

    /// <summary>Validates and creates a schema.</summary>
    /// <exception cref="PortraitDbException">No columns, a duplicate or empty name, more than one key, a key that is not TEXT or BIGINT, or a PII column that is not TEXT.</exception>
    public TableSchema(IEnumerable<ColumnDefinition> columns)
    {
        Columns = new ReadOnlyCollection<ColumnDefinition>([.. columns]);
        if (Columns.Count == 0)
            throw new PortraitDbException(PortraitDbErrorKind.Binding, "A table needs at least one column.");
        _ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        KeyOrdinal = -1;
        for (int ordinal = 0; ordinal < Columns.Count; ordinal++)
        {
            var column = Columns[ordinal];
            if (string.IsNullOrWhiteSpace(column.Name))
                throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Column {ordinal + 1} has no name.");
            if (!_ordinals.TryAdd(column.Name, ordinal))
                throw new PortraitDbException(PortraitDbErrorKind.Binding, $"Column '{column.Name}' is declared twice.");
            if (column.IsDerived)
                HasDerivedColumns = true;
            if (column.IsPii && column.Type.Kind != ColumnKind.Text)
                throw new PortraitDbException(PortraitDbErrorKind.Type, $"Column '{column.Name}' is {column.Type}; only TEXT columns can be PII.");
            if (!column.IsKey)
                continue;
            if (column.IsDerived)
                throw new PortraitDbException(PortraitDbErrorKind.Binding, $"KEY column '{column.Name}' cannot be derived.");
            if (KeyOrdinal >= 0)
                throw new PortraitDbException(PortraitDbErrorKind.Binding, $"A table has at most one KEY column; '{Columns[KeyOrdinal].Name}' and '{column.Name}' both are.");
            if (column.Type.Kind is not (ColumnKind.Text or ColumnKind.Int64 or ColumnKind.Int32))
                throw new PortraitDbException(PortraitDbErrorKind.Type, $"KEY column '{column.Name}' must be TEXT or BIGINT, not {column.Type}.");
            KeyOrdinal = ordinal;
        }
    }

    /// <summary>Creates a schema from column definitions.</summary>
    public TableSchema(params ColumnDefinition[] columns)
        : this((IEnumerable<ColumnDefinition>)columns)
    {
    }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<ColumnDefinition> Columns { get; }

    /// <summary>The key column's position, or −1 when the table has no key.</summary>
    public int KeyOrdinal { get; }

    /// <summary>The key column, if any.</summary>
    public ColumnDefinition? Key => KeyOrdinal >= 0 ? Columns[KeyOrdinal] : null;

    /// <summary>True when some column is derived (a tag): writes then recompute those columns for the rows they wrote.</summary>
    public bool HasDerivedColumns { get; }

    /// <summary>The columns a row is written with: every column except the derived ones, in order.</summary>
    public IReadOnlyList<ColumnDefinition> StoredColumns => _stored ??= HasDerivedColumns ? [.. Columns.Where(column => !column.IsDerived)] : Columns;

    private IReadOnlyList<ColumnDefinition>? _stored;

    /// <summary>The schema with <paramref name="column"/> inserted at <paramref name="ordinal"/>.</summary>
    /// <exception cref="PortraitDbException">The name is taken, or the column is a second key.</exception>
    internal TableSchema WithColumn(ColumnDefinition column, int ordinal) => new([.. Columns.Take(ordinal), column, .. Columns.Skip(ordinal)]);

    /// <summary>The schema without the column at <paramref name="ordinal"/>.</summary>
    internal TableSchema WithoutColumn(int ordinal) => new(Columns.Where((_, index) => index != ordinal));

    /// <summary>The position of the column named <paramref name="name"/> (case-insensitive), or −1.</summary>
    public int IndexOf(string name) => _ordinals.TryGetValue(name, out int ordinal) ? ordinal : -1;

    /// <summary>The declaration, as <c>(id TEXT KEY, age INT, …)</c>.</summary>
    public override string ToString() => $"({string.Join(", ", Columns)})";
}
