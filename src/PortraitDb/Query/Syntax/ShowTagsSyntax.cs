using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>SHOW TAGS [ON table]</c>.</summary>
internal sealed class ShowTagsSyntax(IdentifierSyntax? table, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The table whose tags are listed, or null for every table's.</summary>
    public IdentifierSyntax? Table { get; } = table;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is ShowTagsSyntax show && SyntaxEquality.Equivalent(Table, show.Table);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("SHOW TAGS");
        if (Table is not null)
            builder.Append(" ON ").AppendNode(Table);
    }
}
