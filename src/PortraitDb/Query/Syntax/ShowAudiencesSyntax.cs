using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>SHOW AUDIENCES</c>: the saved audiences with their tables, kinds, definitions and current sizes.</summary>
internal sealed class ShowAudiencesSyntax(TextSpan span) : StatementSyntax(span)
{
    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is ShowAudiencesSyntax;

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("SHOW AUDIENCES");
}
