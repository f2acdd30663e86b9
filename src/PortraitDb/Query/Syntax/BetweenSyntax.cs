using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>x [NOT] BETWEEN low AND high</c> (inclusive at both ends).</summary>
internal sealed class BetweenSyntax(ExpressionSyntax operand, ExpressionSyntax low, ExpressionSyntax high, bool negated, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The value tested.</summary>
    public ExpressionSyntax Operand { get; } = operand;

    /// <summary>The lower bound.</summary>
    public ExpressionSyntax Low { get; } = low;

    /// <summary>The upper bound.</summary>
    public ExpressionSyntax High { get; } = high;

    /// <summary>True for NOT BETWEEN.</summary>
    public bool Negated { get; } = negated;

    /// <inheritdoc/>
    public override Precedence Precedence => Precedence.Comparison;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(operand, low, high);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is BetweenSyntax between && between.Negated == Negated && Operand.IsEquivalentTo(between.Operand)
        && Low.IsEquivalentTo(between.Low) && High.IsEquivalentTo(between.High);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) =>
        builder.AppendOperand(Operand, Precedence.Comparison).Append(Negated ? " NOT BETWEEN " : " BETWEEN ")
            .AppendOperand(Low, Precedence.Concat).Append(" AND ").AppendOperand(High, Precedence.Concat);
}
