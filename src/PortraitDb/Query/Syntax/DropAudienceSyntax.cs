using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>DROP AUDIENCE [IF EXISTS] name</c>.</summary>
internal sealed class DropAudienceSyntax(IdentifierSyntax name, bool ifExists, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The audience's name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>True for IF EXISTS.</summary>
    public bool IfExists { get; } = ifExists;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is DropAudienceSyntax drop && drop.IfExists == IfExists && Name.IsEquivalentTo(drop.Name);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append(IfExists ? "DROP AUDIENCE IF EXISTS " : "DROP AUDIENCE ").AppendNode(Name);
}
