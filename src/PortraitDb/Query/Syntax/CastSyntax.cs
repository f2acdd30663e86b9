using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>CAST(x AS type)</c>, also written <c>x::type</c> (both print as CAST).</summary>
internal sealed class CastSyntax(ExpressionSyntax operand, TypeNameSyntax type, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The value converted.</summary>
    public ExpressionSyntax Operand { get; } = operand;

    /// <summary>The target type.</summary>
    public TypeNameSyntax Type { get; } = type;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(operand);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is CastSyntax cast && Type.IsEquivalentTo(cast.Type) && Operand.IsEquivalentTo(cast.Operand);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append("CAST(").AppendNode(Operand).Append(" AS ").AppendNode(Type).Append(')');
}
