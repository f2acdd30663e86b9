using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>One parenthesised row of INSERT ... VALUES.</summary>
internal sealed class ValuesRowSyntax(IReadOnlyList<ExpressionSyntax> values, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The row's values, at least one.</summary>
    public IReadOnlyList<ExpressionSyntax> Values { get; } = values;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is ValuesRowSyntax row && SyntaxEquality.Equivalent(Values, row.Values);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append('(').AppendList(Values).Append(')');
}
