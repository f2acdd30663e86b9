namespace PortraitDb.Storage;

/// <summary>A column of a table: its name, type, whether it is the table's key, for a tag its definition, and whether it holds personal data.</summary>
/// <param name="Name">The column's name; names compare case-insensitively.</param>
/// <param name="Type">The column's type.</param>
/// <param name="IsKey">True for the customer's external id: unique, TEXT or BIGINT.</param>
/// <param name="Derivation">
/// For a derived column (a tag made by <c>CREATE TAG</c>, <c>RFM</c> or <c>TIERS</c>): the SQL expression its values are
/// computed from, over the table's other columns. Its values are never written directly: every write recomputes
/// them for the rows it wrote. Null for a stored column.
/// </param>
/// <param name="IsPii">True for personal data (a phone number, an e-mail address): TEXT only; statements never list or export it unless they say WITH PII.</param>
public sealed record ColumnDefinition(string Name, ColumnType Type, bool IsKey = false, string? Derivation = null, bool IsPii = false)
{
    /// <summary>True for a derived column (a tag): its values are computed from <see cref="Derivation"/>, never written.</summary>
    public bool IsDerived => Derivation is not null;

    /// <summary>The column as the query language declares it, e.g. <c>id TEXT KEY</c> (a tag's definition is not shown).</summary>
    public override string ToString() => $"{Name} {Type}{(IsKey ? " KEY" : "")}{(IsPii ? " PII" : "")}";
}
