using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>DROP TAG [IF EXISTS] name [ON table]</c>.</summary>
internal sealed class DropTagSyntax(IdentifierSyntax name, IdentifierSyntax? table, bool ifExists, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The tag's name.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>The table, or null to find the only table with a tag of that name.</summary>
    public IdentifierSyntax? Table { get; } = table;

    /// <summary>True for IF EXISTS.</summary>
    public bool IfExists { get; } = ifExists;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is DropTagSyntax drop && drop.IfExists == IfExists && Name.IsEquivalentTo(drop.Name) && SyntaxEquality.Equivalent(Table, drop.Table);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(IfExists ? "DROP TAG IF EXISTS " : "DROP TAG ").AppendNode(Name);
        if (Table is not null)
            builder.Append(" ON ").AppendNode(Table);
    }
}
