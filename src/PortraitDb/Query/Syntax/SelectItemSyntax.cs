using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>One item of a select list: an expression (or <see cref="StarSyntax"/>) and an optional alias (<c>AS</c> optional).</summary>
internal sealed class SelectItemSyntax(ExpressionSyntax expression, IdentifierSyntax? alias, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The value; a <see cref="StarSyntax"/> for <c>*</c> and <c>t.*</c>.</summary>
    public ExpressionSyntax Expression { get; } = expression;

    /// <summary>The alias, or null.</summary>
    public IdentifierSyntax? Alias { get; } = alias;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is SelectItemSyntax item && Expression.IsEquivalentTo(item.Expression) && SyntaxEquality.Equivalent(Alias, item.Alias);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.AppendNode(Expression);
        if (Alias is not null)
            builder.Append(" AS ").AppendNode(Alias);
    }
}
