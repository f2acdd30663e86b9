using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>An infix operator.</summary>
internal enum BinaryOperator
{
    /// <summary><c>OR</c>.</summary>
    Or,

    /// <summary><c>AND</c>.</summary>
    And,

    /// <summary><c>=</c> (also written <c>==</c>).</summary>
    Equal,

    /// <summary><c>&lt;&gt;</c> (also written <c>!=</c>).</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>+</c>.</summary>
    Add,

    /// <summary><c>-</c>.</summary>
    Subtract,

    /// <summary><c>*</c>.</summary>
    Multiply,

    /// <summary><c>/</c>.</summary>
    Divide,

    /// <summary><c>%</c>.</summary>
    Modulo,

    /// <summary><c>||</c>.</summary>
    Concat,
}

/// <summary><c>left op right</c>; every operator is left-associative.</summary>
internal sealed class BinarySyntax(BinaryOperator @operator, ExpressionSyntax left, ExpressionSyntax right, TextSpan operatorSpan, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The operator.</summary>
    public BinaryOperator Operator { get; } = @operator;

    /// <summary>The left operand.</summary>
    public ExpressionSyntax Left { get; } = left;

    /// <summary>The right operand.</summary>
    public ExpressionSyntax Right { get; } = right;

    /// <summary>Where the operator was written.</summary>
    public TextSpan OperatorSpan { get; } = operatorSpan;

    /// <inheritdoc/>
    public override Precedence Precedence => PrecedenceOf(Operator);

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(left, right);

    /// <summary>True for =, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=.</summary>
    public bool IsComparison => PrecedenceOf(Operator) == Precedence.Comparison;

    /// <summary>The level an operator binds at.</summary>
    public static Precedence PrecedenceOf(BinaryOperator @operator) => @operator switch
    {
        BinaryOperator.Or => Precedence.Or,
        BinaryOperator.And => Precedence.And,
        BinaryOperator.Concat => Precedence.Concat,
        BinaryOperator.Add or BinaryOperator.Subtract => Precedence.Additive,
        BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo => Precedence.Multiplicative,
        _ => Precedence.Comparison,
    };

    /// <summary>The operator as SQL writes it.</summary>
    public static string Symbol(BinaryOperator @operator) => @operator switch
    {
        BinaryOperator.Or => "OR",
        BinaryOperator.And => "AND",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "<>",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        _ => "||",
    };

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is BinarySyntax binary && binary.Operator == Operator && Left.IsEquivalentTo(binary.Left) && Right.IsEquivalentTo(binary.Right);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        var precedence = Precedence;
        builder.AppendOperand(Left, precedence).Append(' ').Append(Symbol(Operator)).Append(' ').AppendOperand(Right, precedence + 1);
    }
}
