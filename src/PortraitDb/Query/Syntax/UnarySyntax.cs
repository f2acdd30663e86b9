using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>A prefix operator.</summary>
internal enum UnaryOperator
{
    /// <summary><c>NOT x</c>.</summary>
    Not,

    /// <summary><c>-x</c> (never directly over a number literal: the parser folds the sign into it).</summary>
    Negate,

    /// <summary><c>+x</c>.</summary>
    Plus,
}

/// <summary><c>NOT x</c>, <c>-x</c>, <c>+x</c>.</summary>
internal sealed class UnarySyntax(UnaryOperator @operator, ExpressionSyntax operand, TextSpan operatorSpan, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The operator.</summary>
    public UnaryOperator Operator { get; } = @operator;

    /// <summary>The operand.</summary>
    public ExpressionSyntax Operand { get; } = operand;

    /// <summary>Where the operator was written.</summary>
    public TextSpan OperatorSpan { get; } = operatorSpan;

    /// <inheritdoc/>
    public override Precedence Precedence => Operator == UnaryOperator.Not ? Precedence.Not : Precedence.Unary;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(operand);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is UnarySyntax unary && unary.Operator == Operator && Operand.IsEquivalentTo(unary.Operand);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        if (Operator == UnaryOperator.Not)
        {
            builder.Append("NOT ").AppendOperand(Operand, Precedence.Not);
            return;
        }
        builder.Append(Operator == UnaryOperator.Negate ? '-' : '+');
        int operandStart = builder.Length;
        builder.AppendOperand(Operand, Precedence.Unary);
        // "--" would start a comment.
        if (Operator == UnaryOperator.Negate && builder.Length > operandStart && builder[operandStart] == '-')
            builder.Insert(operandStart, ' ');
    }
}
