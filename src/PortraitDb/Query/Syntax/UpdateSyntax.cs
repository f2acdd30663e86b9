using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>UPDATE table SET column = value, ... [WHERE condition]</c>.</summary>
internal sealed class UpdateSyntax(IdentifierSyntax table, IReadOnlyList<AssignmentSyntax> assignments, ExpressionSyntax? where, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The table.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>The assignments, at least one.</summary>
    public IReadOnlyList<AssignmentSyntax> Assignments { get; } = assignments;

    /// <summary>The condition, or null for every row.</summary>
    public ExpressionSyntax? Where { get; } = where;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is UpdateSyntax update && Table.IsEquivalentTo(update.Table)
        && SyntaxEquality.Equivalent(Assignments, update.Assignments) && SyntaxEquality.Equivalent(Where, update.Where);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("UPDATE ").AppendNode(Table).Append(" SET ").AppendList(Assignments);
        if (Where is not null)
            builder.Append(" WHERE ").AppendNode(Where);
    }
}
