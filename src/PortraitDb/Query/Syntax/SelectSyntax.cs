using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>SELECT [DISTINCT] items [FROM table] [WHERE c] [GROUP BY e, ...] [HAVING c] [ORDER BY o, ...] [LIMIT n] [OFFSET m] [WITH PII]</c>.
/// </summary>
internal sealed class SelectSyntax(
    bool distinct,
    IReadOnlyList<SelectItemSyntax> items,
    TableReferenceSyntax? from,
    ExpressionSyntax? where,
    IReadOnlyList<ExpressionSyntax> groupBy,
    ExpressionSyntax? having,
    IReadOnlyList<OrderItemSyntax> orderBy,
    ExpressionSyntax? limit,
    ExpressionSyntax? offset,
    TextSpan span,
    bool offsetBeforeLimit = false,
    bool withPii = false) : StatementSyntax(span)
{
    /// <summary>True for SELECT DISTINCT.</summary>
    public bool Distinct { get; } = distinct;

    /// <summary>The select list, at least one item.</summary>
    public IReadOnlyList<SelectItemSyntax> Items { get; } = items;

    /// <summary>The table, or null for <c>SELECT 1 + 1</c>.</summary>
    public TableReferenceSyntax? From { get; } = from;

    /// <summary>The WHERE condition, or null.</summary>
    public ExpressionSyntax? Where { get; } = where;

    /// <summary>The GROUP BY expressions (empty when absent); an integer literal is a select-list position.</summary>
    public IReadOnlyList<ExpressionSyntax> GroupBy { get; } = groupBy;

    /// <summary>The HAVING condition, or null.</summary>
    public ExpressionSyntax? Having { get; } = having;

    /// <summary>The ORDER BY items (empty when absent).</summary>
    public IReadOnlyList<OrderItemSyntax> OrderBy { get; } = orderBy;

    /// <summary>The LIMIT expression, or null.</summary>
    public ExpressionSyntax? Limit { get; } = limit;

    /// <summary>The OFFSET expression, or null.</summary>
    public ExpressionSyntax? Offset { get; } = offset;

    /// <summary>
    /// True when OFFSET was written before LIMIT. It changes nothing but the order the text is printed in, which
    /// matters for <c>?</c> parameters: they are numbered in text order.
    /// </summary>
    public bool OffsetBeforeLimit { get; } = offsetBeforeLimit && limit is not null && offset is not null;

    /// <summary>True for a trailing WITH PII: columns marked PII may be listed.</summary>
    public bool WithPii { get; } = withPii;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is SelectSyntax select && select.Distinct == Distinct && SyntaxEquality.Equivalent(Items, select.Items)
        && SyntaxEquality.Equivalent(From, select.From) && SyntaxEquality.Equivalent(Where, select.Where)
        && SyntaxEquality.Equivalent(GroupBy, select.GroupBy) && SyntaxEquality.Equivalent(Having, select.Having)
        && SyntaxEquality.Equivalent(OrderBy, select.OrderBy) && SyntaxEquality.Equivalent(Limit, select.Limit)
        && SyntaxEquality.Equivalent(Offset, select.Offset) && select.OffsetBeforeLimit == OffsetBeforeLimit
        && select.WithPii == WithPii;

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(Distinct ? "SELECT DISTINCT " : "SELECT ").AppendList(Items);
        if (From is not null)
            builder.Append(" FROM ").AppendNode(From);
        if (Where is not null)
            builder.Append(" WHERE ").AppendNode(Where);
        if (GroupBy.Count > 0)
            builder.Append(" GROUP BY ").AppendList(GroupBy);
        if (Having is not null)
            builder.Append(" HAVING ").AppendNode(Having);
        if (OrderBy.Count > 0)
            builder.Append(" ORDER BY ").AppendList(OrderBy);
        if (OffsetBeforeLimit)
            builder.Append(" OFFSET ").AppendNode(Offset!);
        if (Limit is not null)
            builder.Append(" LIMIT ").AppendNode(Limit);
        if (Offset is not null && !OffsetBeforeLimit)
            builder.Append(" OFFSET ").AppendNode(Offset);
        if (WithPii)
            builder.Append(" WITH PII");
    }
}
