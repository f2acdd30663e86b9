using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>IN AUDIENCE name</c>: a condition true for the rows of a saved audience, used like any other condition
/// (<c>WHERE IN AUDIENCE vip AND city = '北京'</c>, <c>NOT IN AUDIENCE churned</c>).
/// </summary>
internal sealed class InAudienceSyntax(IdentifierSyntax audience, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The audience's name.</summary>
    public IdentifierSyntax Audience { get; } = audience;

    /// <inheritdoc/>
    public override Precedence Precedence => Precedence.Comparison;

    /// <inheritdoc/>
    public override int Depth => 1;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is InAudienceSyntax inAudience && Audience.IsEquivalentTo(inAudience.Audience);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("IN AUDIENCE ").AppendNode(Audience);
}
