using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// A call: <c>COUNT(*)</c>, <c>COUNT(DISTINCT city)</c>, <c>ROUND(AVG(age), 2)</c>, <c>TODAY()</c>. The parser
/// knows no function names; the binder resolves <see cref="Name"/> (case-insensitive) and checks the arguments.
/// </summary>
internal sealed class FunctionCallSyntax(string name, TextSpan nameSpan, IReadOnlyList<ExpressionSyntax> arguments, bool distinct, bool isStar, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>The function's name as written.</summary>
    public string Name { get; } = name;

    /// <summary>Where the name was written.</summary>
    public TextSpan NameSpan { get; } = nameSpan;

    /// <summary>The arguments; empty for <c>f()</c> and <c>COUNT(*)</c>.</summary>
    public IReadOnlyList<ExpressionSyntax> Arguments { get; } = arguments;

    /// <summary>True for <c>f(DISTINCT ...)</c>.</summary>
    public bool Distinct { get; } = distinct;

    /// <summary>True for <c>f(*)</c>.</summary>
    public bool IsStar { get; } = isStar;

    /// <inheritdoc/>
    public override int Depth { get; } = DepthOf(arguments);

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is FunctionCallSyntax call && SyntaxEquality.SameName(call.Name, Name) && call.Distinct == Distinct
        && call.IsStar == IsStar && SyntaxEquality.Equivalent(Arguments, call.Arguments);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(SyntaxFacts.QuoteIdentifier(Name)).Append('(');
        if (IsStar)
            builder.Append('*');
        else
            builder.Append(Distinct ? "DISTINCT " : "").AppendList(Arguments);
        builder.Append(')');
    }
}
