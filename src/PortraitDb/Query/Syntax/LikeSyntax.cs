using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>x [NOT] LIKE pattern [ESCAPE e]</c>, or ILIKE (case-insensitive); '%' matches any run, '_' one character.</summary>
internal sealed class LikeSyntax(ExpressionSyntax operand, ExpressionSyntax pattern, ExpressionSyntax? escape, bool negated, bool caseInsensitive, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The value tested.</summary>
    public ExpressionSyntax Operand { get; } = operand;

    /// <summary>The pattern.</summary>
    public ExpressionSyntax Pattern { get; } = pattern;

    /// <summary>The escape character's expression, or null.</summary>
    public ExpressionSyntax? Escape { get; } = escape;

    /// <summary>True for NOT LIKE / NOT ILIKE.</summary>
    public bool Negated { get; } = negated;

    /// <summary>True for ILIKE.</summary>
    public bool CaseInsensitive { get; } = caseInsensitive;

    /// <inheritdoc/>
    public override Precedence Precedence => Precedence.Comparison;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(operand, pattern, escape);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is LikeSyntax like && like.Negated == Negated && like.CaseInsensitive == CaseInsensitive
        && Operand.IsEquivalentTo(like.Operand) && Pattern.IsEquivalentTo(like.Pattern) && SyntaxEquality.Equivalent(Escape, like.Escape);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.AppendOperand(Operand, Precedence.Comparison).Append(Negated ? " NOT " : " ").Append(CaseInsensitive ? "ILIKE " : "LIKE ")
            .AppendOperand(Pattern, Precedence.Concat);
        if (Escape is not null)
            builder.Append(" ESCAPE ").AppendOperand(Escape, Precedence.Concat);
    }
}
