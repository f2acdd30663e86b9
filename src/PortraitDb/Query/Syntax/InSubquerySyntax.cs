using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>x [NOT] IN (SELECT one_column FROM ...)</c>: an uncorrelated subquery, evaluated once.</summary>
internal sealed class InSubquerySyntax(ExpressionSyntax operand, SelectSyntax query, bool negated, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The value tested.</summary>
    public ExpressionSyntax Operand { get; } = operand;

    /// <summary>The query whose only column gives the values.</summary>
    public SelectSyntax Query { get; } = query;

    /// <summary>True for NOT IN.</summary>
    public bool Negated { get; } = negated;

    /// <inheritdoc/>
    public override Precedence Precedence => Precedence.Comparison;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(operand);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is InSubquerySyntax subquery && subquery.Negated == Negated && Operand.IsEquivalentTo(subquery.Operand) && Query.IsEquivalentTo(subquery.Query);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) =>
        builder.AppendOperand(Operand, Precedence.Comparison).Append(Negated ? " NOT IN (" : " IN (").AppendNode(Query).Append(')');
}
