namespace PortraitDb.Portrait;

/// <summary>A point of the Pareto curve: the top <see cref="Customers"/> customers by the measure, and their sum of it.</summary>
/// <param name="Label">"top 10%" … "top 100%", or "80% of spend" for the fewest customers making 80% of the total.</param>
/// <param name="Customers">How many customers (the largest values first).</param>
/// <param name="Sum">Their sum of the measure: an exact <see cref="decimal"/> for integers and decimals, a <see cref="double"/> for doubles.</param>
internal sealed record ParetoPoint(string Label, long Customers, object Sum);

/// <summary>
/// The concentration of a measure over customers (the 80/20 rule): values sorted from the largest, cumulative sums at
/// every tenth of the customers (the top ⌈n·p⌉ customers for p = 10%, 20%, …, 100%), and the fewest customers whose
/// sum reaches a share of the total. Ties do not matter: the sum of the k largest values is the same whichever tied
/// customers are counted. Integer and decimal sums are exact.
/// </summary>
internal static class ParetoCurve
{
    /// <summary>The points: first the fewest customers that make <paramref name="share"/> of the total, then the ten steps.</summary>
    public static List<ParetoPoint> Compute(MeasureColumn measure, double share, string measureName)
    {
        int count = measure.Count;
        var steps = Enumerable.Range(1, 10).Select(tenth => (Label: $"top {tenth * 10}%", Customers: ((long)count * tenth * 10 + 99) / 100)).ToList();
        var points = new List<ParetoPoint>();
        string headline = $"{share * 100:0.##}% of {measureName}";
        if (measure.IsReal)
        {
            var values = measure.Reals;
            Array.Sort(values);
            var sums = new double[count + 1];
            for (int index = 0; index < count; index++)
                sums[index + 1] = sums[index] + values[count - 1 - index];
            double total = sums[count];
            long reached = count;
            for (int top = 0; top <= count; top++)
            {
                if (total > 0 && sums[top] >= share * total)
                {
                    reached = top;
                    break;
                }
            }
            points.Add(new ParetoPoint(headline, reached, sums[reached]));
            points.AddRange(steps.Select(step => new ParetoPoint(step.Label, step.Customers, sums[step.Customers])));
        }
        else
        {
            var values = measure.Integers;
            Array.Sort(values);
            var sums = new Int128[count + 1];
            for (int index = 0; index < count; index++)
                sums[index + 1] = sums[index] + values[count - 1 - index];
            Int128 total = sums[count];
            // share as an exact fraction of 10,000ths: k reaches it when sum·10000 ≥ total·(share·10000).
            var basisPoints = (Int128)Math.Round(share * 10_000);
            long reached = count;
            for (int top = 0; top <= count; top++)
            {
                if (total > 0 && sums[top] * 10_000 >= total * basisPoints)
                {
                    reached = top;
                    break;
                }
            }
            int scale = measure.Column.Type.Kind == Storage.ColumnKind.Decimal ? measure.Column.Type.Scale : 0;
            decimal Exact(Int128 units) => (decimal)units / Storage.ValueConversion.PowerOfTen(scale);
            points.Add(new ParetoPoint(headline, reached, Exact(sums[reached])));
            points.AddRange(steps.Select(step => new ParetoPoint(step.Label, step.Customers, Exact(sums[step.Customers]))));
        }
        return points;
    }
}
