using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>A table in FROM: its name and an optional alias (<c>AS</c> optional).</summary>
internal sealed class TableReferenceSyntax(IdentifierSyntax name, IdentifierSyntax? alias, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The table's name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>The alias, or null.</summary>
    public IdentifierSyntax? Alias { get; } = alias;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is TableReferenceSyntax table && Name.IsEquivalentTo(table.Name) && SyntaxEquality.Equivalent(Alias, table.Alias);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.AppendNode(Name);
        if (Alias is not null)
            builder.Append(" AS ").AppendNode(Alias);
    }
}
