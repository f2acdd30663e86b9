using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>Which form of HAS.</summary>
internal enum HasMode
{
    /// <summary><c>tags HAS 'x'</c>: the set contains the value.</summary>
    One,

    /// <summary><c>tags HAS ANY ('a', 'b')</c>: the set contains at least one of the values.</summary>
    Any,

    /// <summary><c>tags HAS ALL ('a', 'b')</c>: the set contains every value.</summary>
    All,
}

/// <summary>
/// A TAGS test: <c>likes HAS 'x'</c>, <c>likes HAS ANY ('a', 'b')</c>, <c>likes HAS ALL ('a', 'b')</c>, and the
/// negated forms <c>likes NOT HAS ...</c> (the same as <c>NOT likes HAS ...</c>, kept apart so it prints back as written).
/// </summary>
internal sealed class HasSyntax(ExpressionSyntax operand, HasMode mode, IReadOnlyList<ExpressionSyntax> values, bool negated, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The tags expression (usually a column).</summary>
    public ExpressionSyntax Operand { get; } = operand;

    /// <summary>One, Any or All.</summary>
    public HasMode Mode { get; } = mode;

    /// <summary>The values; exactly one for <see cref="HasMode.One"/>, at least one otherwise.</summary>
    public IReadOnlyList<ExpressionSyntax> Values { get; } = values;

    /// <summary>True for NOT HAS.</summary>
    public bool Negated { get; } = negated;

    /// <inheritdoc/>
    public override Precedence Precedence => Precedence.Comparison;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(values, operand);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is HasSyntax has && has.Mode == Mode && has.Negated == Negated && Operand.IsEquivalentTo(has.Operand)
        && SyntaxEquality.Equivalent(Values, has.Values);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.AppendOperand(Operand, Precedence.Comparison).Append(Negated ? " NOT HAS " : " HAS ");
        if (Mode == HasMode.One)
            builder.AppendOperand(Values[0], Precedence.Concat);
        else
            builder.Append(Mode == HasMode.Any ? "ANY (" : "ALL (").AppendList(Values).Append(')');
    }
}
