using System.Numerics;
using FsCheck.Xunit;
using PortraitDb.Kernels;

namespace PortraitDb.Tests.Kernels;

/// <summary>Sums, minima, maxima and counts on every SIMD path, against LINQ and BigInteger models.</summary>
[Properties(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 100)]
public class AggregateKernelTests
{
    /// <summary>The selections of a case: all rows, the mask (with garbage beyond the rows), and the offsets (sorted, then shuffled with repeats).</summary>
    private static (ulong[] Mask, int[] MaskRows, ushort[] Offsets, ushort[] Scrambled) Selections(KernelCase c)
    {
        var mask = KernelInputs.Mask(c, c.Length);
        var maskRows = Enumerable.Range(0, c.Length).Where(row => KernelInputs.IsSet(mask, row)).ToArray();
        var offsets = KernelInputs.Offsets(c, c.Length);
        var random = c.Random(7);
        var scrambled = offsets.Concat(offsets.Take(random.Next(4))).OrderBy(_ => random.Next()).ToArray();
        return (mask, maskRows, offsets, scrambled);
    }

    [Property]
    public void Long_sums_are_exact_on_every_path(KernelCase c)
    {
        var values = KernelInputs.Longs(c);
        var (mask, maskRows, offsets, scrambled) = Selections(c);
        BigInteger Model(IEnumerable<int> rows) => rows.Aggregate(BigInteger.Zero, (sum, row) => sum + values[row]);
        var all = Model(Enumerable.Range(0, values.Length));
        var masked = Model(maskRows);
        var selected = Model(offsets.Select(offset => (int)offset));
        var scrambledSum = Model(scrambled.Select(offset => (int)offset));
        foreach (var path in KernelInputs.Paths)
        {
            Assert.True(all == AggregateKernels.Sum((ReadOnlySpan<long>)values, path), $"all on {path}, {c}");
            Assert.True(masked == AggregateKernels.Sum(values, mask, path), $"mask on {path}, {c}");
            Assert.True(selected == AggregateKernels.Sum(values, offsets, path), $"offsets on {path}, {c}");
            Assert.True(scrambledSum == AggregateKernels.Sum(values, scrambled, path), $"scrambled offsets on {path}, {c}");
        }
    }

    [Property]
    public void Int_sums_match_the_model_on_every_path(KernelCase c)
    {
        var values = KernelInputs.Ints(c);
        var (mask, maskRows, offsets, scrambled) = Selections(c);
        foreach (var path in KernelInputs.Paths)
        {
            Assert.True(values.Sum(value => (long)value) == AggregateKernels.Sum((ReadOnlySpan<int>)values, path), $"all on {path}, {c}");
            Assert.True(maskRows.Sum(row => (long)values[row]) == AggregateKernels.Sum(values, mask, path), $"mask on {path}, {c}");
            Assert.True(offsets.Sum(offset => (long)values[offset]) == AggregateKernels.Sum(values, offsets, path), $"offsets on {path}, {c}");
            Assert.True(scrambled.Sum(offset => (long)values[offset]) == AggregateKernels.Sum(values, scrambled, path), $"scrambled offsets on {path}, {c}");
        }
    }

    /// <summary>Finite doubles whose sum cannot overflow, so that any order of additions is within rounding.</summary>
    private static double[] SummableDoubles(KernelCase c)
    {
        var random = c.Random(11);
        double[] specials = [-0.0, 0.0, 1.0, -1.0, double.Epsilon, 1e-300, -1e15, 1e15];
        var values = new double[c.Length];
        for (int index = 0; index < values.Length; index++)
        {
            values[index] = c.Shape switch
            {
                ValueShape.Small => random.Next(-8, 9) / 4.0,
                ValueShape.Extremes => specials[random.Next(specials.Length)],
                _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 13)),
            };
        }
        return values;
    }

    private static void AssertClose(IEnumerable<double> terms, double actual, string where)
    {
        double expected = 0, magnitude = 0;
        foreach (double term in terms)
        {
            expected += term;
            magnitude += Math.Abs(term);
        }
        Assert.True(Math.Abs(expected - actual) <= (1e-12 * magnitude) + 1e-300, $"expected {expected:R}, got {actual:R}: {where}");
    }

    [Property]
    public void Double_sums_match_the_model_within_rounding_on_every_path(KernelCase c)
    {
        var values = SummableDoubles(c);
        var (mask, maskRows, offsets, scrambled) = Selections(c);
        foreach (var path in KernelInputs.Paths)
        {
            AssertClose(values, AggregateKernels.Sum((ReadOnlySpan<double>)values, path), $"all on {path}, {c}");
            AssertClose(maskRows.Select(row => values[row]), AggregateKernels.Sum(values, mask, path), $"mask on {path}, {c}");
            AssertClose(offsets.Select(offset => values[offset]), AggregateKernels.Sum(values, offsets, path), $"offsets on {path}, {c}");
            AssertClose(scrambled.Select(offset => values[offset]), AggregateKernels.Sum(values, scrambled, path), $"scrambled offsets on {path}, {c}");
        }
    }

    [Property]
    public void Min_and_max_match_the_model_for_int_long_and_double(KernelCase c)
    {
        CheckMinMax<int>(c);
        CheckMinMax<long>(c);
        CheckMinMax<double>(c);
    }

    [Property]
    public void Count_matches_the_population_below_the_rows(KernelCase c)
    {
        var mask = KernelInputs.Mask(c, c.Length);
        int expected = Enumerable.Range(0, c.Length).Count(row => KernelInputs.IsSet(mask, row));
        foreach (var path in KernelInputs.Paths)
            Assert.Equal(expected, AggregateKernels.Count(mask, c.Length, path));
    }

    /// <summary>The model: NaN ranks above every number; -0.0 below +0.0.</summary>
    private static (bool Found, T Value) Model<T>(IEnumerable<T> selected, bool max)
        where T : INumber<T>
    {
        var list = selected.ToList();
        if (list.Count == 0)
            return (false, T.Zero);
        var numbers = list.Where(value => !T.IsNaN(value)).ToList();
        if (max)
            return (true, numbers.Count < list.Count ? list.First(T.IsNaN) : numbers.Aggregate(T.Max));
        return (true, numbers.Count == 0 ? list[0] : numbers.Aggregate(T.Min));
    }

    private delegate bool Extreme<T>(out T value);

    private static void AssertExtreme<T>((bool Found, T Value) expected, Extreme<T> kernel, string where)
        where T : INumber<T>
    {
        bool found = kernel(out var actual);
        Assert.True(expected.Found == found, $"found: {where}");
        if (!found)
            return;
        bool same = T.IsNaN(expected.Value)
            ? T.IsNaN(actual)
            : expected.Value == actual && T.IsNegative(expected.Value) == T.IsNegative(actual);
        Assert.True(same, $"expected {expected.Value}, got {actual}: {where}");
    }

    private static void CheckMinMax<T>(KernelCase c)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var values = KernelInputs.Values<T>(c);
        var (mask, maskRows, offsets, scrambled) = Selections(c);
        foreach (bool max in new[] { false, true })
        {
            var all = Model(values, max);
            var masked = Model(maskRows.Select(row => values[row]), max);
            var selected = Model(offsets.Select(offset => values[offset]), max);
            var scrambledModel = Model(scrambled.Select(offset => values[offset]), max);
            string name = max ? "Max" : "Min";
            foreach (var path in KernelInputs.Paths)
            {
                string where = $"{typeof(T).Name} {name} on {path}, {c}";
                if (max)
                {
                    AssertExtreme(all, (out T value) => AggregateKernels.Max<T>(values, out value, path), "all " + where);
                    AssertExtreme(masked, (out T value) => AggregateKernels.Max<T>(values, mask, out value, path), "mask " + where);
                }
                else
                {
                    AssertExtreme(all, (out T value) => AggregateKernels.Min<T>(values, out value, path), "all " + where);
                    AssertExtreme(masked, (out T value) => AggregateKernels.Min<T>(values, mask, out value, path), "mask " + where);
                }
            }
            if (max)
            {
                AssertExtreme(selected, (out T value) => AggregateKernels.Max<T>(values, offsets, out value), $"offsets {typeof(T).Name} {name}, {c}");
                AssertExtreme(scrambledModel, (out T value) => AggregateKernels.Max<T>(values, scrambled, out value), $"scrambled {typeof(T).Name} {name}, {c}");
            }
            else
            {
                AssertExtreme(selected, (out T value) => AggregateKernels.Min<T>(values, offsets, out value), $"offsets {typeof(T).Name} {name}, {c}");
                AssertExtreme(scrambledModel, (out T value) => AggregateKernels.Min<T>(values, scrambled, out value), $"scrambled {typeof(T).Name} {name}, {c}");
            }
        }
    }

    [Fact]
    public void Long_sums_near_overflow_are_exact_against_BigInteger()
    {
        var random = new Random(42);
        var cases = new List<long[]>
        {
            Enumerable.Repeat(999_999_999_999_999_999L, 65536).ToArray(),
            Enumerable.Repeat(-999_999_999_999_999_999L, 65536).ToArray(),
            Enumerable.Repeat(long.MaxValue, 65536).ToArray(),
            Enumerable.Repeat(long.MinValue, 65536).ToArray(),
            Enumerable.Range(0, 65536).Select(_ => 1_000_000_000_000_000_000L - random.NextInt64(1000)).ToArray(),
            Enumerable.Range(0, 65536).Select(index => index % 2 == 0 ? long.MaxValue : long.MinValue + random.NextInt64(3)).ToArray(),
            Enumerable.Range(0, 65536).Select(_ => random.NextInt64(-999_999_999_999_999_999, 1_000_000_000_000_000_000)).ToArray(),
        };
        var mask = Enumerable.Repeat(ulong.MaxValue, 1024).ToArray();
        var everyOther = Enumerable.Repeat(0x5555_5555_5555_5555UL, 1024).ToArray();
        var offsets = Enumerable.Range(0, 65536).Select(offset => (ushort)offset).ToArray();
        foreach (var values in cases)
        {
            var expected = values.Aggregate(BigInteger.Zero, (sum, value) => sum + value);
            var expectedEven = values.Where((_, index) => index % 2 == 0).Aggregate(BigInteger.Zero, (sum, value) => sum + value);
            Assert.True(expected > long.MaxValue || expected < long.MinValue || values[0] != values[1], "the case should overflow 64 bits or vary");
            foreach (var path in KernelInputs.Paths)
            {
                Assert.Equal(expected, (BigInteger)AggregateKernels.Sum((ReadOnlySpan<long>)values, path));
                Assert.Equal(expected, (BigInteger)AggregateKernels.Sum(values, mask, path));
                Assert.Equal(expectedEven, (BigInteger)AggregateKernels.Sum(values, everyOther, path));
                Assert.Equal(expected, (BigInteger)AggregateKernels.Sum(values, offsets, path));
            }
        }
    }

    [Fact]
    public void Double_sums_propagate_NaN_and_infinity_on_every_path()
    {
        var values = Enumerable.Range(0, 1000).Select(index => (double)index).ToArray();
        var withNaN = values.ToArray();
        withNaN[777] = double.NaN;
        var withInfinity = values.ToArray();
        withInfinity[5] = double.PositiveInfinity;
        var both = withInfinity.ToArray();
        both[900] = double.NegativeInfinity;
        var mask = Enumerable.Repeat(ulong.MaxValue, 16).ToArray();
        var noNaN = mask.ToArray();
        noNaN[777 / 64] &= ~(1UL << (777 % 64));
        foreach (var path in KernelInputs.Paths)
        {
            Assert.True(double.IsNaN(AggregateKernels.Sum((ReadOnlySpan<double>)withNaN, path)));
            Assert.True(double.IsNaN(AggregateKernels.Sum(withNaN, mask, path)));
            Assert.Equal(values.Sum() - 777, AggregateKernels.Sum(withNaN, noNaN, path));
            Assert.Equal(double.PositiveInfinity, AggregateKernels.Sum((ReadOnlySpan<double>)withInfinity, path));
            Assert.True(double.IsNaN(AggregateKernels.Sum(both, mask, path)));
        }
    }

    [Fact]
    public void Min_and_max_rank_NaN_highest_and_negative_zero_lowest_on_every_path()
    {
        foreach (var path in KernelInputs.Paths)
        {
            foreach (int length in new[] { 1, 7, 64, 200 })
            {
                var zeros = Enumerable.Range(0, length).Select(index => index % 3 == 0 ? -0.0 : 0.0).ToArray();
                Assert.True(AggregateKernels.Min<double>(zeros, out double min, path) && double.IsNegative(min), $"min -0.0 on {path}, {length}");
                Assert.True(AggregateKernels.Max<double>(zeros, out double max, path) && double.IsNegative(max) == (length == 1), $"max +0.0 on {path}, {length}");
                var nans = Enumerable.Repeat(double.NaN, length).ToArray();
                Assert.True(AggregateKernels.Min<double>(nans, out min, path) && double.IsNaN(min));
                var mixed = Enumerable.Range(0, length).Select(index => index == length / 2 ? double.NaN : double.PositiveInfinity).ToArray();
                Assert.True(AggregateKernels.Max<double>(mixed, out max, path) && double.IsNaN(max));
                Assert.True(AggregateKernels.Min<double>(mixed, out min, path) && (length == 1 ? double.IsNaN(min) : min == double.PositiveInfinity));
            }
            Assert.False(AggregateKernels.Min<int>([], out _, path));
            Assert.False(AggregateKernels.Max<long>([1, 2, 3], new ulong[1], out _, path));
            Assert.Throws<ArgumentException>(() => AggregateKernels.Max<long>(new long[65], new ulong[1], out _, path));
            Assert.Throws<ArgumentException>(() => AggregateKernels.Sum(new long[65], new ulong[1], path));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => AggregateKernels.Sum(new long[10], new ushort[] { 3, 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AggregateKernels.Min<int>(new int[10], new ushort[] { 10 }, out _));
    }
}
