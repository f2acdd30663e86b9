using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>
/// <c>TIERS(measure, QUANTILES q1, q2, ... [LABELS ('low', 'middle', 'high')])</c> or <c>TIERS(measure, t1, t2, ...
/// [LABELS (...)])</c>: value tiers of a numeric column, cut at quantiles of its values or at given thresholds.
/// </summary>
internal sealed class TiersSyntax(ExpressionSyntax measure, bool quantiles, IReadOnlyList<ExpressionSyntax> cuts, IReadOnlyList<ExpressionSyntax> labels, TextSpan span) : SyntaxNode(span)
{
    /// <summary>The numeric column the tiers are cut from.</summary>
    public ExpressionSyntax Measure { get; } = measure;

    /// <summary>True when <see cref="Cuts"/> are quantiles (0 to 1) of the measure, false when they are thresholds.</summary>
    public bool Quantiles { get; } = quantiles;

    /// <summary>The cut points, ascending: one fewer than the tiers.</summary>
    public IReadOnlyList<ExpressionSyntax> Cuts { get; } = cuts;

    /// <summary>The tiers' labels from the lowest up (empty: low/high or low/middle/high).</summary>
    public IReadOnlyList<ExpressionSyntax> Labels { get; } = labels;

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is TiersSyntax tiers && tiers.Quantiles == Quantiles && Measure.IsEquivalentTo(tiers.Measure)
        && SyntaxEquality.Equivalent(Cuts, tiers.Cuts) && SyntaxEquality.Equivalent(Labels, tiers.Labels);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("TIERS(").AppendNode(Measure).Append(Quantiles ? ", QUANTILES " : ", ").AppendList(Cuts);
        if (Labels.Count > 0)
            builder.Append(" LABELS (").AppendList(Labels).Append(')');
        builder.Append(')');
    }
}
