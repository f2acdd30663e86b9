using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>DESCRIBE table</c> (or <c>DESC table</c>): the table's columns and types.</summary>
internal sealed class DescribeSyntax(IdentifierSyntax table, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The table.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is DescribeSyntax describe && Table.IsEquivalentTo(describe.Table);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("DESCRIBE ").AppendNode(Table);
}
