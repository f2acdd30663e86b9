using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>DELETE FROM table [WHERE condition]</c>.</summary>
internal sealed class DeleteSyntax(IdentifierSyntax table, ExpressionSyntax? where, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The table.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>The condition, or null for every row.</summary>
    public ExpressionSyntax? Where { get; } = where;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is DeleteSyntax delete && Table.IsEquivalentTo(delete.Table) && SyntaxEquality.Equivalent(Where, delete.Where);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("DELETE FROM ").AppendNode(Table);
        if (Where is not null)
            builder.Append(" WHERE ").AppendNode(Where);
    }
}
