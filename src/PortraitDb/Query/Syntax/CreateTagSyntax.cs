using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>CREATE [OR REPLACE] TAG name ON table AS condition</c> (a BOOL tag), <c>... AS CASE WHEN ... THEN 'label' ... END</c>
/// (a tag whose values are the labels) or <c>... AS TIERS(...)</c> (value tiers).
/// </summary>
internal sealed class CreateTagSyntax(IdentifierSyntax name, IdentifierSyntax table, bool orReplace, ExpressionSyntax? definition, TiersSyntax? tiers, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The tag's name, which is the name of its column.</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>The table the tag is computed on.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>True for CREATE OR REPLACE TAG.</summary>
    public bool OrReplace { get; } = orReplace;

    /// <summary>The condition or CASE, or null for TIERS.</summary>
    public ExpressionSyntax? Definition { get; } = definition;

    /// <summary>The tiers, or null.</summary>
    public TiersSyntax? Tiers { get; } = tiers;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is CreateTagSyntax create && create.OrReplace == OrReplace && Name.IsEquivalentTo(create.Name) && Table.IsEquivalentTo(create.Table)
        && SyntaxEquality.Equivalent(Definition, create.Definition) && SyntaxEquality.Equivalent(Tiers, create.Tiers);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(OrReplace ? "CREATE OR REPLACE TAG " : "CREATE TAG ").AppendNode(Name).Append(" ON ").AppendNode(Table).Append(" AS ");
        builder.AppendNode(Definition ?? (SyntaxNode)Tiers!);
    }
}
