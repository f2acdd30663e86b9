using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>One <c>WHEN condition THEN result</c> of a <see cref="CaseSyntax"/>.</summary>
internal sealed class CaseWhenSyntax(ExpressionSyntax when, ExpressionSyntax then, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The condition, or the value compared with the operand of a simple CASE.</summary>
    public ExpressionSyntax When { get; } = when;

    /// <summary>The result.</summary>
    public ExpressionSyntax Then { get; } = then;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is CaseWhenSyntax whenThen && When.IsEquivalentTo(whenThen.When) && Then.IsEquivalentTo(whenThen.Then);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("WHEN ").AppendNode(When).Append(" THEN ").AppendNode(Then);
}
