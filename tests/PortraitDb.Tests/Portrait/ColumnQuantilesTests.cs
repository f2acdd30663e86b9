using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Bitmaps;
using PortraitDb.Portrait;
using PortraitDb.Storage;

namespace PortraitDb.Tests.Portrait;

/// <summary>
/// Quantile cut points found by counting keys against a full sort of the same values: integers of every width and
/// sign (narrow ranges take one counting pass, wide ones several), doubles (negative, zero, huge), NULLs and deleted
/// rows left out, a subset of rows, heavy ties.
/// </summary>
public sealed class ColumnQuantilesTests
{
    public sealed record Case(long[] Integers, double[] Reals, bool[] Nulls, bool[] Deleted, bool[] Chosen, (long, long)[] Fractions)
    {
        public override string ToString() =>
            $"{Integers.Length} rows; fractions {string.Join(", ", Fractions.Select(fraction => $"{fraction.Item1}/{fraction.Item2}"))}; first values {string.Join(", ", Integers.Take(12))}";
    }

    private static Arbitrary<Case> Cases() => Arb.From(
        from count in Gen.Frequency((1, Gen.Choose(1, 5)), (5, Gen.Choose(6, 3_000)), (1, Gen.Choose(65_000, 140_000)))
        from spread in Gen.Elements(0L, 3L, 1_000L, 70_000L, 5_000_000_000L, long.MaxValue)
        from seed in Gen.Choose(0, int.MaxValue)
        from fractionCount in Gen.Choose(1, 6)
        from fractions in Gen.ArrayOf(
            from denominator in Gen.Elements(2L, 3L, 5L, 10L, 100L, 7L)
            from numerator in Gen.Choose(0, (int)denominator)
            select ((long)numerator, denominator), fractionCount)
        select Build(count, spread, new Random(seed), fractions));

    private static Case Build(int count, long spread, Random random, (long, long)[] fractions)
    {
        var integers = new long[count];
        var reals = new double[count];
        for (int row = 0; row < count; row++)
        {
            integers[row] = spread == long.MaxValue ? random.NextInt64(long.MinValue, long.MaxValue) : random.NextInt64(-spread, spread + 1);
            reals[row] = random.Next(4) switch
            {
                0 => -random.NextDouble() * 1e300,
                1 => random.Next(-5, 5),
                2 => random.NextDouble() * 1e-300,
                _ => integers[row] / 7.0,
            };
        }
        return new Case(integers, reals, [.. Enumerable.Range(0, count).Select(_ => random.Next(10) == 0)],
            [.. Enumerable.Range(0, count).Select(_ => random.Next(20) == 0)], [.. Enumerable.Range(0, count).Select(_ => random.Next(3) > 0)], fractions);
    }

    [Property(MaxTest = 40)]
    public Property Cut_points_match_a_sort() => Prop.ForAll(Cases(), item =>
    {
        using var database = PortraitDatabase.CreateInMemory();
        var table = database.CreateTable("t", new TableSchema(
            new ColumnDefinition("id", ColumnType.Int64, IsKey: true), new ColumnDefinition("small", ColumnType.Int32),
            new ColumnDefinition("big", ColumnType.Int64), new ColumnDefinition("real", ColumnType.Double)));
        using (var appender = table.CreateAppender())
        {
            for (int row = 0; row < item.Integers.Length; row++)
            {
                appender.Append(row);
                if (item.Nulls[row])
                    appender.AppendNull().AppendNull().AppendNull();
                else
                    appender.Append((int)Math.Clamp(item.Integers[row], int.MinValue, int.MaxValue)).Append(item.Integers[row]).Append(item.Reals[row]);
                appender.EndRow();
            }
            appender.Commit();
        }
        using (var transaction = table.BeginTransaction())
        {
            for (int row = 0; row < item.Integers.Length; row++)
            {
                if (item.Deleted[row])
                    transaction.Delete((long)row);
            }
            transaction.Commit();
        }
        var data = table.GetSnapshot().Data;
        var chosen = RoaringBitmap.FromSorted([.. Enumerable.Range(0, item.Integers.Length).Where(row => item.Chosen[row]).Select(row => (uint)row)]);
        var kept = Enumerable.Range(0, item.Integers.Length).Where(row => !item.Nulls[row] && !item.Deleted[row] && item.Chosen[row]).ToList();
        CheckIntegers(ColumnQuantiles.Compute(data, 1, chosen, item.Fractions, CancellationToken.None), [.. kept.Select(row => Math.Clamp(item.Integers[row], int.MinValue, int.MaxValue))], item.Fractions);
        CheckIntegers(ColumnQuantiles.Compute(data, 2, chosen, item.Fractions, CancellationToken.None), [.. kept.Select(row => item.Integers[row])], item.Fractions);
        var reals = ColumnQuantiles.Compute(data, 3, chosen, item.Fractions, CancellationToken.None);
        var sorted = kept.Select(row => item.Reals[row]).Order().ToArray();
        Assert.Equal(sorted.Length == 0 ? 0 : item.Fractions.Length, reals.Length);
        for (int index = 0; index < reals.Length; index++)
        {
            var (low, high, remainder, denominator) = Place(sorted.Length, item.Fractions[index]);
            double expected = sorted[low] + ((sorted[high] - sorted[low]) * ((double)remainder / denominator));
            Assert.Equal(expected, reals[index].Real);
        }
    });

    private static void CheckIntegers(QuantileCut[] cuts, long[] values, (long, long)[] fractions)
    {
        var sorted = values.Order().ToArray();
        Assert.Equal(sorted.Length == 0 ? 0 : fractions.Length, cuts.Length);
        for (int index = 0; index < cuts.Length; index++)
        {
            var (low, high, remainder, denominator) = Place(sorted.Length, fractions[index]);
            Assert.Equal(sorted[low], cuts[index].Low);
            Assert.Equal(sorted[high], cuts[index].High);
            Assert.Equal(remainder, (long)cuts[index].Remainder);
            Assert.Equal(denominator, (long)cuts[index].Denominator);
        }
    }

    /// <summary>The positions around q·(n−1) and the fraction between them.</summary>
    private static (int Low, int High, long Remainder, long Denominator) Place(int count, (long Numerator, long Denominator) fraction)
    {
        long scaled = fraction.Numerator * (count - 1);
        long below = scaled / fraction.Denominator;
        long remainder = scaled % fraction.Denominator;
        return ((int)below, (int)(remainder == 0 ? below : below + 1), remainder, fraction.Denominator);
    }
}
