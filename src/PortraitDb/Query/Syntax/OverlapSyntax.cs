using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>OVERLAP target [AS name], target [AS name] [, ...] [ON table]</c>: the size of every region of the audiences'
/// Venn diagram and their pairwise Jaccard matrix, from intersection cardinalities.
/// </summary>
internal sealed class OverlapSyntax(IReadOnlyList<AudienceTargetSyntax> targets, IdentifierSyntax? table, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The audiences, at least two.</summary>
    public IReadOnlyList<AudienceTargetSyntax> Targets { get; } = targets;

    /// <summary>The table (ON), or null when saved audiences name it.</summary>
    public IdentifierSyntax? Table { get; } = table;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is OverlapSyntax overlap && SyntaxEquality.Equivalent(Targets, overlap.Targets) && SyntaxEquality.Equivalent(Table, overlap.Table);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("OVERLAP ").AppendList(Targets);
        if (Table is not null)
            builder.Append(" ON ").AppendNode(Table);
    }
}
