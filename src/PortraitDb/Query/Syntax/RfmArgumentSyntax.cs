using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>One <c>name = value</c> of RFM.</summary>
internal sealed class RfmArgumentSyntax(IdentifierSyntax name, ExpressionSyntax value, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The argument's name (recency, frequency, monetary, as_of).</summary>
    public IdentifierSyntax Name { get; } = name;

    /// <summary>A column, or for as_of a date.</summary>
    public ExpressionSyntax Value { get; } = value;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is RfmArgumentSyntax argument && Name.IsEquivalentTo(argument.Name) && Value.IsEquivalentTo(argument.Value);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.AppendNode(Name).Append(" = ").AppendNode(Value);
}
