using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>DROP TABLE [IF EXISTS] name</c>.</summary>
internal sealed class DropTableSyntax(IdentifierSyntax name, bool ifExists, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The table's name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>True for IF EXISTS.</summary>
    public bool IfExists { get; } = ifExists;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is DropTableSyntax drop && drop.IfExists == IfExists && Name.IsEquivalentTo(drop.Name);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append(IfExists ? "DROP TABLE IF EXISTS " : "DROP TABLE ").AppendNode(Name);
}
