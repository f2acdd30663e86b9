using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>x IS [NOT] NULL</c>.</summary>
internal sealed class IsNullSyntax(ExpressionSyntax operand, bool negated, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The value tested.</summary>
    public ExpressionSyntax Operand { get; } = operand;

    /// <summary>True for IS NOT NULL.</summary>
    public bool Negated { get; } = negated;

    /// <inheritdoc/>
    public override Precedence Precedence => Precedence.Comparison;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(operand);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is IsNullSyntax isNull && isNull.Negated == Negated && Operand.IsEquivalentTo(isNull.Operand);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) =>
        builder.AppendOperand(Operand, Precedence.Comparison).Append(Negated ? " IS NOT NULL" : " IS NULL");
}
