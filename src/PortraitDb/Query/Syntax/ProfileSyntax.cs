using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>PROFILE target [VS target] [ON table] [BY dimension, ...] [MEASURES column, ...] [MIN_COUNT n]
/// [ORDER BY tgi|share|count|base_share|base_count|value [ASC|DESC]] [LIMIT n]</c>: for each value of each
/// dimension, the audience's count and share against the base's (the whole table, or the VS audience) and the TGI.
/// </summary>
internal sealed class ProfileSyntax(
    AudienceTargetSyntax target,
    AudienceTargetSyntax? versus,
    IdentifierSyntax? table,
    IReadOnlyList<ExpressionSyntax> dimensions,
    IReadOnlyList<ExpressionSyntax> measures,
    ExpressionSyntax? minCount,
    IdentifierSyntax? orderBy,
    bool? descending,
    ExpressionSyntax? limit,
    TextSpan span) : StatementSyntax(span)
{
    /// <summary>The audience profiled.</summary>
    public AudienceTargetSyntax Target { get; } = target;

    /// <summary>The base it is compared with (VS), or null for the whole table.</summary>
    public AudienceTargetSyntax? Versus { get; } = versus;

    /// <summary>The table (ON), or null when a saved audience names it.</summary>
    public IdentifierSyntax? Table { get; } = table;

    /// <summary>The dimensions (BY), possibly empty when MEASURES is given.</summary>
    public IReadOnlyList<ExpressionSyntax> Dimensions { get; } = dimensions;

    /// <summary>The numeric columns summarised by mean, median and p90 (MEASURES), possibly empty.</summary>
    public IReadOnlyList<ExpressionSyntax> Measures { get; } = measures;

    /// <summary>The smallest audience count a row must have to be shown (MIN_COUNT), or null.</summary>
    public ExpressionSyntax? MinCount { get; } = minCount;

    /// <summary>The ranking key (ORDER BY), or null for each dimension's natural order.</summary>
    public IdentifierSyntax? OrderBy { get; } = orderBy;

    /// <summary>ASC (false), DESC (true), or null for the key's default.</summary>
    public bool? Descending { get; } = descending;

    /// <summary>The most rows per dimension (LIMIT), or null.</summary>
    public ExpressionSyntax? Limit { get; } = limit;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is ProfileSyntax profile && Target.IsEquivalentTo(profile.Target) && SyntaxEquality.Equivalent(Versus, profile.Versus)
        && SyntaxEquality.Equivalent(Table, profile.Table) && SyntaxEquality.Equivalent(Dimensions, profile.Dimensions)
        && SyntaxEquality.Equivalent(Measures, profile.Measures) && SyntaxEquality.Equivalent(MinCount, profile.MinCount)
        && SyntaxEquality.Equivalent(OrderBy, profile.OrderBy) && Descending == profile.Descending && SyntaxEquality.Equivalent(Limit, profile.Limit);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("PROFILE ").AppendNode(Target);
        if (Versus is not null)
            builder.Append(" VS ").AppendNode(Versus);
        if (Table is not null)
            builder.Append(" ON ").AppendNode(Table);
        if (Dimensions.Count > 0)
            builder.Append(" BY ").AppendList(Dimensions);
        if (Measures.Count > 0)
            builder.Append(" MEASURES ").AppendList(Measures);
        if (MinCount is not null)
            builder.Append(" MIN_COUNT ").AppendNode(MinCount);
        if (OrderBy is not null)
        {
            builder.Append(" ORDER BY ").AppendNode(OrderBy);
            if (Descending is { } descending)
                builder.Append(descending ? " DESC" : " ASC");
        }
        if (Limit is not null)
            builder.Append(" LIMIT ").AppendNode(Limit);
    }
}
