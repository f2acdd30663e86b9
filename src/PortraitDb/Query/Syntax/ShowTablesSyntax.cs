using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>SHOW TABLES</c>.</summary>
internal sealed class ShowTablesSyntax(TextSpan span) : StatementSyntax(span)
{
    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is ShowTablesSyntax;

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("SHOW TABLES");
}
