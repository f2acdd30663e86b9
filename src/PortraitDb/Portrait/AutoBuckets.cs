using PortraitDb.Bitmaps;
using PortraitDb.Query;
using PortraitDb.Query.Binding;
using PortraitDb.Query.Execution;
using PortraitDb.Storage;

namespace PortraitDb.Portrait;

/// <summary>
/// Chooses BUCKET edges for a numeric or date dimension that PROFILE or COMPARE was given without them: the base's
/// deciles, estimated on an evenly spaced sample of its rows, rounded to round numbers so that the labels read well,
/// at most <see cref="MaxEdges"/> edges (ten buckets).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A skewed distribution of non-negative values (the 90th percentile at least three times the median, as with
/// spend or order counts) rounds each decile to the nearest of 1, 2 and 5 times a power of ten, on a log scale:
/// 1, 2, 5, 10, 20, 50, ...</item>
/// <item>Other numbers round to multiples of one step: 1, 2 or 5 times a power of ten, about a fifth of the spread
/// between the first and the ninth decile (ages give 20, 25, 30, ...).</item>
/// <item>Dates (and timestamps, by their date) round to the first of January when the deciles span three years or
/// more, to the first of a month when they span three months or more, else to a step of days.</item>
/// </list>
/// Rounded deciles that coincide are merged, and edges at or below the smallest sampled value are dropped, so no
/// bucket is empty in the sample. When that leaves fewer than three edges because values pile up at the median (most
/// customers spent nothing), one bucket holds the pile and the values above it get deciles of their own. The sample
/// is deterministic, so the same data gives the same edges.
/// </remarks>
internal static class AutoBuckets
{
    /// <summary>How many rows of the base are read to estimate its deciles.</summary>
    public const int SampleSize = 10_000;

    /// <summary>The most edges chosen: the nine deciles, so at most ten buckets (and NULL).</summary>
    public const int MaxEdges = 9;

    private const double SkewRatio = 3;

    /// <summary>A BUCKET of <paramref name="operand"/> with edges chosen from the rows of <paramref name="baseRows"/>.</summary>
    public static BoundBucket Choose(BoundExpression operand, TableData data, RoaringBitmap baseRows)
    {
        var candidates = operand is BoundColumn column ? RoaringBitmap.AndNot(baseRows, data.NullRows[column.Ordinal]) : baseRows;
        var sample = new List<double>(SampleSize);
        var context = new EvaluationContext { Reader = new RowReader(data) };
        foreach (uint row in EvenlySpaced(candidates, SampleSize))
        {
            context.Row = row;
            var value = ExpressionEvaluator.Evaluate(operand, ref context);
            if (!value.IsNull && ToNumber(value) is var number && !double.IsNaN(number))
                sample.Add(number);
        }
        sample.Sort();
        return BucketEdges.Create(operand, [.. Edges(sample, operand.Kind, operand.Scale).Select(edge => ToValue(edge, operand.Kind, operand.Scale))]);
    }

    /// <summary>The rows at ranks (i + ½) · N / count of <paramref name="rows"/>, in order; all of them when there are no more than <paramref name="count"/>.</summary>
    public static IEnumerable<uint> EvenlySpaced(RoaringBitmap rows, int count)
    {
        long total = rows.Cardinality;
        if (total <= count)
        {
            foreach (uint row in rows)
                yield return row;
            yield break;
        }
        int container = 0;
        long before = 0;
        for (int index = 0; index < count; index++)
        {
            long rank = (long)((index + 0.5) * total / count);
            while (before + rows.ContainerAt(container).Cardinality <= rank)
                before += rows.ContainerAt(container++).Cardinality;
            yield return ((uint)rows.KeyAt(container) << 16) | rows.ContainerAt(container).Select((int)(rank - before));
        }
    }

    /// <summary>The edges (in the number space of <see cref="ToNumber"/>) for sorted sample values.</summary>
    internal static List<double> Edges(List<double> sorted, ValueKind kind, int scale)
    {
        if (sorted.Count == 0)
            return [];
        double min = sorted[0];
        double max = sorted[^1];
        var deciles = Enumerable.Range(1, MaxEdges).Select(decile => Quantile(sorted, decile / 10.0)).ToList();
        List<double> rounded;
        if (kind is ValueKind.Date or ValueKind.Timestamp)
        {
            double perDay = kind == ValueKind.Date ? 1 : Value.MicrosecondsPerDay;
            rounded = [.. deciles.Select(decile => RoundDate(decile / perDay, (deciles[^1] - deciles[0]) / perDay) * perDay)];
        }
        else
        {
            double median = Quantile(sorted, 0.5);
            bool skewed = min >= 0 && median > 0 && deciles[^1] >= SkewRatio * median;
            double least = kind == ValueKind.Integer ? 1 : kind == ValueKind.Decimal ? Math.Pow(10, -scale) : 0;
            if (skewed)
            {
                rounded = [.. deciles.Select(decile => Math.Max(LogNice(decile), least))];
            }
            else
            {
                double spread = deciles[^1] - deciles[0];
                if (spread <= 0)
                    spread = max - min;
                double step = Math.Max(Nice(spread / 5), least);
                rounded = step > 0 ? [.. deciles.Select(decile => Math.Round(decile / step, MidpointRounding.AwayFromZero) * step)] : deciles;
            }
        }
        var edges = rounded.Where(edge => edge > min && edge <= max).Distinct().Order().ToList();
        if (edges.Count < 3 && kind is not (ValueKind.Date or ValueKind.Timestamp) && UpperTail(sorted, kind, scale) is { } tail)
            return tail;
        return edges.Count > 0 ? edges : [min];
    }

    /// <summary>
    /// For a distribution piled up at its median (spend of whom most spent nothing, capital gains): one bucket up to the
    /// values above the median, then the deciles of those values; null when there are too few of them.
    /// </summary>
    private static List<double>? UpperTail(List<double> sorted, ValueKind kind, int scale)
    {
        const int MinimumTail = 10;
        double median = Quantile(sorted, 0.5);
        int first = sorted.FindIndex(value => value > median);
        if (first < 0 || sorted.Count - first < MinimumTail)
            return null;
        var tail = sorted.GetRange(first, sorted.Count - first);
        double separator = Nice(tail[0]) is var round && round > median ? round : tail[0];
        var edges = Edges(tail, kind, scale).Where(edge => edge > separator).Take(MaxEdges - 1).Prepend(separator).ToList();
        return edges.Count >= 2 ? edges : null;
    }

    /// <summary>The sampled value at the fraction (nearest rank): always a value that occurs, so few distinct values give few edges.</summary>
    private static double Quantile(List<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The largest of 1, 2 and 5 times a power of ten not above <paramref name="x"/> (0 for x ≤ 0).</summary>
    internal static double Nice(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
            return 0;
        double power = Math.Pow(10, Math.Floor(Math.Log10(x)));
        double mantissa = x / power;
        return (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1) * power;
    }

    /// <summary>The nearest of 1, 2 and 5 times a power of ten, on a log scale (0 stays 0).</summary>
    internal static double LogNice(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
            return x;
        double power = Math.Pow(10, Math.Floor(Math.Log10(x)));
        double best = power;
        foreach (double candidate in new[] { power, 2 * power, 5 * power, 10 * power })
        {
            if (Math.Abs(Math.Log(candidate / x)) < Math.Abs(Math.Log(best / x)))
                best = candidate;
        }
        return best;
    }

    /// <summary>A day number rounded to the nearest first of January, first of a month, or multiple of a step of days, by the spread.</summary>
    private static double RoundDate(double days, double spreadDays)
    {
        var date = ValueConversion.DateFromDays((int)Math.Clamp(Math.Round(days), int.MinValue, int.MaxValue));
        DateOnly low;
        DateOnly high;
        if (spreadDays >= 3 * 365)
        {
            low = new DateOnly(date.Year, 1, 1);
            high = date.Year < DateOnly.MaxValue.Year ? low.AddYears(1) : low;
        }
        else if (spreadDays >= 90)
        {
            low = new DateOnly(date.Year, date.Month, 1);
            high = date < new DateOnly(DateOnly.MaxValue.Year, 12, 1) ? low.AddMonths(1) : low;
        }
        else
        {
            double step = Math.Max(1, Nice(spreadDays / 5));
            return Math.Round(days / step, MidpointRounding.AwayFromZero) * step;
        }
        int lowDays = ValueConversion.DaysFromDate(low);
        int highDays = ValueConversion.DaysFromDate(high);
        return days - lowDays <= highDays - days ? lowDays : highDays;
    }

    private static double ToNumber(Value value) => value.Kind switch
    {
        ValueKind.Real => value.Real,
        ValueKind.Decimal => (double)value.AsDecimal,
        _ => value.Integer,
    };

    private static Value ToValue(double edge, ValueKind kind, int scale) => kind switch
    {
        ValueKind.Integer or ValueKind.Date => kind == ValueKind.Integer
            ? Value.FromInteger((long)Math.Clamp(Math.Round(edge), long.MinValue, long.MaxValue))
            : Value.FromDate((int)Math.Clamp(Math.Round(edge), int.MinValue, int.MaxValue)),
        ValueKind.Timestamp => Value.FromTimestamp((long)Math.Clamp(Math.Round(edge), long.MinValue, long.MaxValue)),
        ValueKind.Decimal => Value.FromSystemDecimal(Math.Round(ToDecimal(edge), Math.Min(scale, 28))),
        _ => Value.FromReal(double.Parse(edge.ToString("G15", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static decimal ToDecimal(double value) =>
        Math.Abs(value) < 7.9e27 ? decimal.Parse(value.ToString("G15", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture) : value > 0 ? decimal.MaxValue : decimal.MinValue;
}
