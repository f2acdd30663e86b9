using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>INSERT [OR REPLACE] INTO table [(columns)] VALUES (...), (...)</c> or <c>INSERT [OR REPLACE] INTO table
/// [(columns)] SELECT ...</c>. OR REPLACE replaces the row with the same key.
/// </summary>
internal sealed class InsertSyntax(bool orReplace, IdentifierSyntax table, IReadOnlyList<IdentifierSyntax> columns, IReadOnlyList<ValuesRowSyntax> rows, SelectSyntax? query, TextSpan span) : StatementSyntax(span)
{
    /// <summary>True for INSERT OR REPLACE.</summary>
    public bool OrReplace { get; } = orReplace;

    /// <summary>The table.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>The columns listed, or empty for all columns in table order.</summary>
    public IReadOnlyList<IdentifierSyntax> Columns { get; } = columns;

    /// <summary>The VALUES rows (empty when <see cref="Query"/> is set).</summary>
    public IReadOnlyList<ValuesRowSyntax> Rows { get; } = rows;

    /// <summary>The query whose rows are inserted, or null for VALUES.</summary>
    public SelectSyntax? Query { get; } = query;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is InsertSyntax insert && insert.OrReplace == OrReplace && Table.IsEquivalentTo(insert.Table)
        && SyntaxEquality.Equivalent(Columns, insert.Columns) && SyntaxEquality.Equivalent(Rows, insert.Rows)
        && SyntaxEquality.Equivalent(Query, insert.Query);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(OrReplace ? "INSERT OR REPLACE INTO " : "INSERT INTO ").AppendNode(Table);
        if (Columns.Count > 0)
            builder.Append(" (").AppendList(Columns).Append(')');
        if (Query is not null)
            builder.Append(' ').AppendNode(Query);
        else
            builder.Append(" VALUES ").AppendList(Rows);
    }
}
