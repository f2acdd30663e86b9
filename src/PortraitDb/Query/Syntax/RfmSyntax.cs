using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>RFM table (recency = column, frequency = column, monetary = column [, as_of = DATE '...']) [SCORES n]</c>: scores
/// customers by recency, frequency and monetary value and puts them in the eight classic segments.
/// </summary>
internal sealed class RfmSyntax(IdentifierSyntax table, IReadOnlyList<RfmArgumentSyntax> arguments, ExpressionSyntax? scores, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The customers' table.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>The named arguments, as written.</summary>
    public IReadOnlyList<RfmArgumentSyntax> Arguments { get; } = arguments;

    /// <summary>The number of scores (SCORES n), or null for the default.</summary>
    public ExpressionSyntax? Scores { get; } = scores;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is RfmSyntax rfm && Table.IsEquivalentTo(rfm.Table) && SyntaxEquality.Equivalent(Arguments, rfm.Arguments) && SyntaxEquality.Equivalent(Scores, rfm.Scores);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("RFM ").AppendNode(Table).Append(" (").AppendList(Arguments).Append(')');
        if (Scores is not null)
            builder.Append(" SCORES ").AppendNode(Scores);
    }
}
