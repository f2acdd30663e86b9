using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>column = value</c> in UPDATE ... SET.</summary>
internal sealed class AssignmentSyntax(IdentifierSyntax column, ExpressionSyntax value, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The column set.</summary>
    public IdentifierSyntax Column { get; } = column;

    /// <summary>The new value (may refer to the row's columns).</summary>
    public ExpressionSyntax Value { get; } = value;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is AssignmentSyntax assignment && Column.IsEquivalentTo(assignment.Column) && Value.IsEquivalentTo(assignment.Value);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.AppendNode(Column).Append(" = ").AppendNode(Value);
}
