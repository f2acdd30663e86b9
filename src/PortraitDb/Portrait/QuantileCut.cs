namespace PortraitDb.Portrait;

/// <summary>
/// A quantile cut point: for integral storage (integers, decimals, days, microseconds) exactly Low + (High − Low) ·
/// Remainder / Denominator, with the integers a comparison against it needs; for doubles the interpolated <see cref="Real"/>.
/// </summary>
internal readonly record struct QuantileCut(long Low, long High, Int128 Remainder, Int128 Denominator, double Real)
{
    /// <summary>The largest integer at or below the cut point: v &gt; cut ⇔ v &gt; Floor for an integral v.</summary>
    public long Floor => Low + (long)Int128.DivRem((Int128)(High - Low) * Remainder, Denominator).Quotient;

    /// <summary>The smallest integer at or above the cut point: v &gt;= cut ⇔ v &gt;= Ceiling, and v &lt; cut ⇔ v &lt; Ceiling.</summary>
    public long Ceiling
    {
        get
        {
            var (quotient, remainder) = Int128.DivRem((Int128)(High - Low) * Remainder, Denominator);
            return Low + (long)quotient + (remainder > 0 ? 1 : 0);
        }
    }
}
