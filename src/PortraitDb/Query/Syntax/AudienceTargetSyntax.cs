using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// An audience that PROFILE, COMPARE and OVERLAP take: a condition, where a lone name that names a saved audience
/// is that audience; <c>AS alias</c> names it in COMPARE and OVERLAP results.
/// </summary>
internal sealed class AudienceTargetSyntax(ExpressionSyntax condition, IdentifierSyntax? alias, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The condition, or a lone name (a saved audience when one has that name).</summary>
    public ExpressionSyntax Condition { get; } = condition;

    /// <summary>The name given with AS, or null.</summary>
    public IdentifierSyntax? Alias { get; } = alias;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is AudienceTargetSyntax target && Condition.IsEquivalentTo(target.Condition) && SyntaxEquality.Equivalent(Alias, target.Alias);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.AppendNode(Condition);
        if (Alias is not null)
            builder.Append(" AS ").AppendNode(Alias);
    }
}
