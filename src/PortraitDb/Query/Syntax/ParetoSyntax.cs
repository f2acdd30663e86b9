using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>PARETO table BY measure [WHERE condition]</c>: how concentrated a measure is among customers (the 80/20 rule).</summary>
internal sealed class ParetoSyntax(IdentifierSyntax table, ExpressionSyntax measure, ExpressionSyntax? where, TextSpan span) : StatementSyntax(span)
{
    /// <summary>The customers' table.</summary>
    public IdentifierSyntax Table { get; } = table;

    /// <summary>The numeric column measured.</summary>
    public ExpressionSyntax Measure { get; } = measure;

    /// <summary>The customers considered, or null for all.</summary>
    public ExpressionSyntax? Where { get; } = where;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is ParetoSyntax pareto && Table.IsEquivalentTo(pareto.Table) && Measure.IsEquivalentTo(pareto.Measure) && SyntaxEquality.Equivalent(Where, pareto.Where);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("PARETO ").AppendNode(Table).Append(" BY ").AppendNode(Measure);
        if (Where is not null)
            builder.Append(" WHERE ").AppendNode(Where);
    }
}
