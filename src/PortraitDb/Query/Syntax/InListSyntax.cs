using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>x [NOT] IN (a, b, ...)</c>; the list has at least one item.</summary>
internal sealed class InListSyntax(ExpressionSyntax operand, IReadOnlyList<ExpressionSyntax> items, bool negated, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The value tested.</summary>
    public ExpressionSyntax Operand { get; } = operand;

    /// <summary>The values in the list.</summary>
    public IReadOnlyList<ExpressionSyntax> Items { get; } = items;

    /// <summary>True for NOT IN.</summary>
    public bool Negated { get; } = negated;

    /// <inheritdoc/>
    public override Precedence Precedence => Precedence.Comparison;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(items, operand);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is InListSyntax list && list.Negated == Negated && Operand.IsEquivalentTo(list.Operand) && SyntaxEquality.Equivalent(Items, list.Items);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) =>
        builder.AppendOperand(Operand, Precedence.Comparison).Append(Negated ? " NOT IN (" : " IN (").AppendList(Items).Append(')');
}
