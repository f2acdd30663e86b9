using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>COMPARE target [AS name], target [AS name] [, ...] [ON table] BY dimension, ... [MIN_COUNT n] [LIMIT n]</c>:
/// the distributions of several audiences side by side, each with its TGI against the whole table.
/// </summary>
internal sealed class CompareSyntax(
    IReadOnlyList<AudienceTargetSyntax> targets,
    IdentifierSyntax? table,
    IReadOnlyList<ExpressionSyntax> dimensions,
    ExpressionSyntax? minCount,
    ExpressionSyntax? limit,
    TextSpan span) : StatementSyntax(span)
{
    /// <summary>The audiences, at least two.</summary>
    public IReadOnlyList<AudienceTargetSyntax> Targets { get; } = targets;

    /// <summary>The table (ON), or null when saved audiences name it.</summary>
    public IdentifierSyntax? Table { get; } = table;

    /// <summary>The dimensions (BY).</summary>
    public IReadOnlyList<ExpressionSyntax> Dimensions { get; } = dimensions;

    /// <summary>The smallest count a row needs in at least one audience to be shown (MIN_COUNT), or null.</summary>
    public ExpressionSyntax? MinCount { get; } = minCount;

    /// <summary>The most rows per dimension (LIMIT), or null.</summary>
    public ExpressionSyntax? Limit { get; } = limit;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is CompareSyntax compare && SyntaxEquality.Equivalent(Targets, compare.Targets) && SyntaxEquality.Equivalent(Table, compare.Table)
        && SyntaxEquality.Equivalent(Dimensions, compare.Dimensions) && SyntaxEquality.Equivalent(MinCount, compare.MinCount)
        && SyntaxEquality.Equivalent(Limit, compare.Limit);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("COMPARE ").AppendList(Targets);
        if (Table is not null)
            builder.Append(" ON ").AppendNode(Table);
        builder.Append(" BY ").AppendList(Dimensions);
        if (MinCount is not null)
            builder.Append(" MIN_COUNT ").AppendNode(MinCount);
        if (Limit is not null)
            builder.Append(" LIMIT ").AppendNode(Limit);
    }
}
