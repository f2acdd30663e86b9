using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>*</c> or <c>t.*</c> in a select list (never elsewhere; <c>COUNT(*)</c> is <see cref="FunctionCallSyntax.IsStar"/>).</summary>
internal sealed class StarSyntax(IdentifierSyntax? table, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The qualifier of <c>t.*</c>, or null.</summary>
    public IdentifierSyntax? Table { get; } = table;

    /// <inheritdoc/>
    public override int Depth => 1;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) => other is StarSyntax star && SyntaxEquality.Equivalent(Table, star.Table);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        if (Table is not null)
            builder.AppendNode(Table).Append('.');
        builder.Append('*');
    }
}
