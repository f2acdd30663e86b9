using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>CASE WHEN c THEN r ... [ELSE e] END</c>, or the simple form <c>CASE x WHEN v THEN r ... END</c> (with
/// <see cref="Operand"/>). Without ELSE the result is NULL when nothing matches.
/// </summary>
internal sealed class CaseSyntax(ExpressionSyntax? operand, IReadOnlyList<CaseWhenSyntax> whens, ExpressionSyntax? @else, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The value of a simple CASE, or null.</summary>
    public ExpressionSyntax? Operand { get; } = operand;

    /// <summary>The WHEN/THEN pairs, at least one.</summary>
    public IReadOnlyList<CaseWhenSyntax> Whens { get; } = whens;

    /// <summary>The ELSE result, or null.</summary>
    public ExpressionSyntax? Else { get; } = @else;

    /// <inheritdoc/>
    public override int Depth { get; } = ComputeDepth(operand, whens, @else);

    private static int ComputeDepth(ExpressionSyntax? operand, IReadOnlyList<CaseWhenSyntax> whens, ExpressionSyntax? @else)
    {
        int depth = DepthOf(operand, @else);
        foreach (var whenThen in whens)
            depth = Math.Max(depth, DepthOf(whenThen.When, whenThen.Then));
        return depth;
    }

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is CaseSyntax @case && SyntaxEquality.Equivalent(Operand, @case.Operand)
        && SyntaxEquality.Equivalent(Whens, @case.Whens) && SyntaxEquality.Equivalent(Else, @case.Else);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("CASE");
        if (Operand is not null)
            builder.Append(' ').AppendNode(Operand);
        foreach (var whenThen in Whens)
            builder.Append(' ').AppendNode(whenThen);
        if (Else is not null)
            builder.Append(" ELSE ").AppendNode(Else);
        builder.Append(" END");
    }
}
