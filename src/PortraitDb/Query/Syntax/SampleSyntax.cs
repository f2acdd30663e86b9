using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>SAMPLE n FROM AUDIENCE name [SEED s] [WITH PII]</c>: n members drawn uniformly without replacement, listed
/// like <c>SELECT *</c> in row order; the same seed draws the same members from the same audience.
/// </summary>
internal sealed class SampleSyntax(ExpressionSyntax count, IdentifierSyntax audience, ExpressionSyntax? seed, bool withPii, TextSpan span) : StatementSyntax(span)
{
    /// <summary>How many members to draw.</summary>
    public ExpressionSyntax Count { get; } = count;

    /// <summary>The saved audience.</summary>
    public IdentifierSyntax Audience { get; } = audience;

    /// <summary>The seed (SEED), or null for a fresh draw each time.</summary>
    public ExpressionSyntax? Seed { get; } = seed;

    /// <summary>True for WITH PII: PII columns are listed too.</summary>
    public bool WithPii { get; } = withPii;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is SampleSyntax sample && Count.IsEquivalentTo(sample.Count) && Audience.IsEquivalentTo(sample.Audience)
        && SyntaxEquality.Equivalent(Seed, sample.Seed) && WithPii == sample.WithPii;

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("SAMPLE ").AppendNode(Count).Append(" FROM AUDIENCE ").AppendNode(Audience);
        if (Seed is not null)
            builder.Append(" SEED ").AppendNode(Seed);
        if (WithPii)
            builder.Append(" WITH PII");
    }
}
