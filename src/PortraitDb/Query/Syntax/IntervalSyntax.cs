using System.Text;

namespace PortraitDb.Query.Syntax;

/// <summary>The unit of an <see cref="IntervalSyntax"/>.</summary>
internal enum IntervalUnit
{
    /// <summary>SECOND(S).</summary>
    Second,

    /// <summary>MINUTE(S).</summary>
    Minute,

    /// <summary>HOUR(S).</summary>
    Hour,

    /// <summary>DAY(S).</summary>
    Day,

    /// <summary>WEEK(S).</summary>
    Week,

    /// <summary>MONTH(S).</summary>
    Month,

    /// <summary>YEAR(S).</summary>
    Year,
}

/// <summary>
/// <c>INTERVAL 30 DAY</c>, <c>INTERVAL '30' DAY</c>, <c>INTERVAL '30 days'</c> or <c>INTERVAL $n DAY</c>: a whole
/// quantity (an integer <see cref="LiteralSyntax"/>, possibly negative, or a <see cref="ParameterSyntax"/>) and a unit.
/// </summary>
internal sealed class IntervalSyntax(ExpressionSyntax quantity, IntervalUnit unit, TextSpan unitSpan, TextSpan span) : ExpressionSyntax(span)
{
    /// <summary>An integer literal or a parameter.</summary>
    public ExpressionSyntax Quantity { get; } = quantity;

    /// <summary>The unit.</summary>
    public IntervalUnit Unit { get; } = unit;

    /// <summary>Where the unit was written (inside the string for <c>'30 days'</c>).</summary>
    public TextSpan UnitSpan { get; } = unitSpan;

    /// <inheritdoc/>
    public override int Depth => 2;

    /// <summary>The unit as SQL writes it (singular, upper case).</summary>
    public static string UnitName(IntervalUnit unit) => unit.ToString().ToUpperInvariant();

    /// <summary>The unit a word names (singular or plural, any case), or null.</summary>
    public static IntervalUnit? ParseUnit(string word)
    {
        string upper = word.ToUpperInvariant();
        if (upper.EndsWith('S'))
            upper = upper[..^1];
        foreach (var unit in Enum.GetValues<IntervalUnit>())
        {
            if (UnitName(unit) == upper)
                return unit;
        }
        return null;
    }

    /// <inheritdoc/>
    public override bool IsEquivalentTo(SyntaxNode? other) =>
        other is IntervalSyntax interval && interval.Unit == Unit && Quantity.IsEquivalentTo(interval.Quantity);

    /// <inheritdoc/>
    public override void WriteTo(StringBuilder builder)
    {
        builder.Append("INTERVAL ");
        if (Quantity is LiteralSyntax { Kind: LiteralKind.Integer, IntegerValue: < 0 } negative)
            builder.Append(SyntaxFacts.QuoteString(negative.NumberText));
        else
            Quantity.WriteTo(builder);
        builder.Append(' ').Append(UnitName(Unit));
    }
}
