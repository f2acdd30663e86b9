using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>A name (table, column, alias, option, audience) as written, without quotes; names are case-insensitive.</summary>
internal sealed class IdentifierSyntax(string name, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The name without quotes, in the case it was written.</summary>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is IdentifierSyntax identifier && SyntaxEquality.SameName(Name, identifier.Name);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append(SyntaxFacts.QuoteIdentifier(Name));
}
