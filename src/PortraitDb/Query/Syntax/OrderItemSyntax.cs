using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>One ORDER BY item: <c>expr [ASC | DESC] [NULLS FIRST | NULLS LAST]</c>.</summary>
internal sealed class OrderItemSyntax(ExpressionSyntax expression, bool descending, bool? nullsFirst, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The sort key; an integer literal is a select-list position, a name may be a select alias.</summary>
    public ExpressionSyntax Expression { get; } = expression;

    /// <summary>True for DESC.</summary>
    public bool Descending { get; } = descending;

    /// <summary>True for NULLS FIRST, false for NULLS LAST, null when not written (the binder's default).</summary>
    public bool? NullsFirst { get; } = nullsFirst;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is OrderItemSyntax item && item.Descending == Descending && item.NullsFirst == NullsFirst && Expression.IsEquivalentTo(item.Expression);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.AppendNode(Expression);
        if (Descending)
            builder.Append(" DESC");
        if (NullsFirst is { } first)
            builder.Append(first ? " NULLS FIRST" : " NULLS LAST");
    }
}
