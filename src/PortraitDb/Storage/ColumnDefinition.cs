namespace PortraitDb.Storage;

/// <summary>A column of a table: its name, type, whether it is the table's key, and whether it holds personal data.</summary>
/// <param name="Name">The column's name; names compare case-insensitively.</param>
/// <param name="Type">The column's type.</param>
/// <param name="IsKey">True for the customer's external id: unique, TEXT or BIGINT.</param>
/// <param name="IsPii">True for personal data (a phone number, an e-mail address): TEXT only; statements never list or export it unless they say WITH PII.</param>
public sealed record ColumnDefinition(string Name, ColumnType Type, bool IsKey = false, bool IsPii = false)
{
    /// <summary>The column as the query language declares it, e.g. <c>id TEXT KEY</c>.</summary>
    public override string ToString() => $"{Name} {Type}{(IsKey ? " KEY" : "")}{(IsPii ? " PII" : "")}";
}
