using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary><c>EXPLAIN [ANALYZE] statement</c>: the plan, or with ANALYZE the plan run with its timings and row counts.</summary>
internal sealed class ExplainSyntax(bool analyze, StatementSyntax statement, TextSpan span) : StatementSyntax(span)
{
    /// <summary>True for EXPLAIN ANALYZE.</summary>
    public bool Analyze { get; } = analyze;

    /// <summary>The statement explained (never another EXPLAIN).</summary>
    public StatementSyntax Statement { get; } = statement;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is ExplainSyntax explain && explain.Analyze == Analyze && Statement.IsEquivalentTo(explain.Statement);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder) => builder.Append(Analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ").AppendNode(Statement);
}
