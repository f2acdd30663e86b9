using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Internal;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>Two sorted, distinct arrays of low values, drawn from overlapping windows.</summary>
public sealed record SortedPair(ushort[] Left, ushort[] Right)
{
    public override string ToString() => $"left[{Left.Length}] = {Show(Left)}, right[{Right.Length}] = {Show(Right)}";

    private static string Show(ushort[] values) => $"{{{string.Join(",", values.Take(64))}{(values.Length > 64 ? ",…" : "")}}}";
}

public static class ArrayKernelArbitraries
{
    /// <summary>A sorted distinct array of <paramref name="count"/> values (at most) inside a window.</summary>
    public static ushort[] Draw(Random random, int count, int windowStart, int windowLength)
    {
        count = Math.Min(count, windowLength);
        var chosen = new HashSet<ushort>();
        if (random.Next(4) == 0)
        {
            // Runs of consecutive values.
            int value = windowStart + random.Next(windowLength);
            while (chosen.Count < count)
            {
                chosen.Add((ushort)(windowStart + ((value - windowStart) % windowLength)));
                value += random.Next(5) == 0 ? random.Next(2, 50) : 1;
            }
        }
        else
        {
            while (chosen.Count < count)
                chosen.Add((ushort)(windowStart + random.Next(windowLength)));
        }
        var values = chosen.ToArray();
        Array.Sort(values);
        return values;
    }

    public static Arbitrary<SortedPair> SortedPair() => Arb.From(
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from shape in Gen.Choose(0, 5)
        select Build(seed, shape),
        pair => Shrink(pair));

    internal static SortedPair Build(int seed, int shape)
    {
        var random = new Random(seed);
        int small = random.Next(0, 60);
        (int left, int right) = shape switch
        {
            // Ratio above 64: the galloping path, either side small.
            0 => (small, (small * 64) + random.Next(1, 2000)),
            1 => ((small * 64) + random.Next(1, 2000), small),
            // Ratio exactly at or below 64: the merge path.
            2 => (small, small * random.Next(0, 65)),
            // Similar sizes.
            3 => (random.Next(0, 4097), random.Next(0, 4097)),
            // Empty or single.
            4 => (random.Next(0, 2), random.Next(0, 300)),
            _ => (random.Next(0, 300), random.Next(0, 2)),
        };
        // The window is at least as large as the larger array, so the sizes (and ratios) are exact.
        int minimumWindow = Math.Max(1, Math.Max(left, right));
        int windowLength = random.Next(3) switch
        {
            0 => 65536,
            1 => Math.Min(65536, minimumWindow + random.Next(0, 50)),
            _ => Math.Min(65536, minimumWindow + random.Next(0, 20000)),
        };
        int windowStart = random.Next(0, 65536 - windowLength + 1);
        return new SortedPair(Draw(random, left, windowStart, windowLength), Draw(random, right, windowStart, windowLength));
    }

    private static IEnumerable<SortedPair> Shrink(SortedPair pair)
    {
        if (pair.Left.Length > 0)
            yield return pair with { Left = pair.Left[..(pair.Left.Length / 2)] };
        if (pair.Right.Length > 0)
            yield return pair with { Right = pair.Right[..(pair.Right.Length / 2)] };
    }
}

[Properties(Arbitrary = [typeof(ArrayKernelArbitraries)], MaxTest = 300)]
public class ArrayKernelTests
{
    [Property]
    public void Intersect_matches_linq_on_both_paths(SortedPair pair)
    {
        var expected = pair.Left.Intersect(pair.Right).ToArray();
        var destination = new ushort[Math.Max(pair.Left.Length, pair.Right.Length)];
        int count = ArrayKernels.Intersect(pair.Left, pair.Right, destination);
        Assert.Equal(expected, destination[..count]);
        Assert.Equal(expected, destination[..ArrayKernels.Intersect(pair.Right, pair.Left, destination)]);
        Assert.Equal(expected, destination[..ArrayKernels.IntersectMerge(pair.Left, pair.Right, destination)]);
        Assert.Equal(expected, destination[..ArrayKernels.IntersectVector128(pair.Left, pair.Right, destination)]);
        Assert.Equal(expected, destination[..ArrayKernels.IntersectVector128(pair.Right, pair.Left, destination)]);
        // The smallest destination the contract allows (the shorter input) exercises the lane-by-lane store near its end.
        var tight = new ushort[Math.Min(pair.Left.Length, pair.Right.Length)];
        Assert.Equal(expected, tight[..ArrayKernels.IntersectVector128(pair.Left, pair.Right, tight)]);
        if (pair.Left.Length <= pair.Right.Length)
            Assert.Equal(expected, destination[..ArrayKernels.IntersectGalloping(pair.Left, pair.Right, destination)]);
        else
            Assert.Equal(expected, destination[..ArrayKernels.IntersectGalloping(pair.Right, pair.Left, destination)]);

        // The destination may alias the left operand, on either path.
        var left = (ushort[])pair.Left.Clone();
        count = ArrayKernels.Intersect(left, pair.Right, left);
        Assert.Equal(expected, left[..count]);
        var right = (ushort[])pair.Right.Clone();
        count = ArrayKernels.Intersect(right, pair.Left, right);
        Assert.Equal(expected, right[..count]);
    }

    [Property]
    public void FilterMembers_matches_linq_on_every_path(SortedPair pair)
    {
        foreach (var (candidates, values) in new[] { (pair.Left, pair.Right), (pair.Right, pair.Left) })
        {
            var expected = candidates.Intersect(values).ToArray();
            var destination = new ushort[candidates.Length];
            Assert.Equal(expected, destination[..ArrayKernels.FilterMembersBySearch(candidates, values, destination)]);
            foreach (var path in SimdSupport.Supported)
            {
                Assert.Equal(expected, destination[..ArrayKernels.FilterMembers(candidates, values, destination, path)]);
                // The survivors may overwrite the candidates they come from.
                var inPlace = (ushort[])candidates.Clone();
                Assert.Equal(expected, inPlace[..ArrayKernels.FilterMembers(inPlace, values, inPlace, path)]);
            }
        }
    }

    [Fact]
    public void FilterMembers_rejects_a_destination_shorter_than_the_candidates()
    {
        ushort[] values = [.. Enumerable.Range(0, 100).Select(value => (ushort)value)];
        foreach (var path in SimdSupport.Supported)
            Assert.Throws<ArgumentException>(() => ArrayKernels.FilterMembers(values.AsSpan(0, 10), values, new ushort[9], path));
    }

    [Property]
    public void IntersectCount_and_Intersects_match_linq(SortedPair pair)
    {
        int expected = pair.Left.Intersect(pair.Right).Count();
        Assert.Equal(expected, ArrayKernels.IntersectCount(pair.Left, pair.Right));
        Assert.Equal(expected, ArrayKernels.IntersectCount(pair.Right, pair.Left));
        Assert.Equal(expected, ArrayKernels.IntersectCountMerge(pair.Left, pair.Right));
        Assert.Equal(expected, ArrayKernels.IntersectCountVector128(pair.Left, pair.Right));
        Assert.Equal(expected, ArrayKernels.IntersectCountVector128(pair.Right, pair.Left));
        Assert.Equal(expected > 0, ArrayKernels.Intersects(pair.Left, pair.Right));
        Assert.Equal(expected > 0, ArrayKernels.Intersects(pair.Right, pair.Left));
    }

    [Property]
    public void Union_matches_linq(SortedPair pair)
    {
        var expected = pair.Left.Union(pair.Right).Order().ToArray();
        var destination = new ushort[pair.Left.Length + pair.Right.Length];
        Assert.Equal(expected, destination[..ArrayKernels.Union(pair.Left, pair.Right, destination)]);
        Assert.Equal(expected, destination[..ArrayKernels.Union(pair.Right, pair.Left, destination)]);
    }

    [Property]
    public void Difference_matches_linq(SortedPair pair)
    {
        var expected = pair.Left.Except(pair.Right).ToArray();
        var destination = new ushort[pair.Left.Length];
        Assert.Equal(expected, destination[..ArrayKernels.Difference(pair.Left, pair.Right, destination)]);
        var left = (ushort[])pair.Left.Clone();
        Assert.Equal(expected, left[..ArrayKernels.Difference(left, pair.Right, left)]);
        var reverse = new ushort[pair.Right.Length];
        Assert.Equal(pair.Right.Except(pair.Left).ToArray(), reverse[..ArrayKernels.Difference(pair.Right, pair.Left, reverse)]);
    }

    [Property]
    public void SymmetricDifference_matches_linq(SortedPair pair)
    {
        var expected = pair.Left.Except(pair.Right).Concat(pair.Right.Except(pair.Left)).Order().ToArray();
        var destination = new ushort[pair.Left.Length + pair.Right.Length];
        Assert.Equal(expected, destination[..ArrayKernels.SymmetricDifference(pair.Left, pair.Right, destination)]);
        Assert.Equal(expected, destination[..ArrayKernels.SymmetricDifference(pair.Right, pair.Left, destination)]);
    }

    [Property]
    public void AdvanceUntil_finds_the_first_index_at_or_after_the_position(SortedPair pair, int seed)
    {
        var values = pair.Right;
        var random = new Random(seed);
        var minimums = pair.Left.Concat(values).Concat(new ushort[] { 0, 1, 65534, 65535 })
            .Concat(values.Select(value => (ushort)(value + 1)));
        foreach (ushort minimum in minimums)
        {
            int position = random.Next(0, values.Length + 2);
            int expected = position;
            while (expected < values.Length && values[expected] < minimum)
                expected++;
            expected = Math.Max(expected, position);
            Assert.Equal(expected, ArrayKernels.AdvanceUntil(values, position, minimum));
        }
    }

    [Property]
    public void BinarySearch_and_LowerBound_match_Array_BinarySearch(SortedPair pair)
    {
        var values = pair.Right;
        var probes = pair.Left.Concat(values).Concat(new ushort[] { 0, 65535 }).Concat(values.Select(value => (ushort)(value - 1)));
        foreach (ushort probe in probes)
        {
            int expected = Array.BinarySearch(values, probe);
            Assert.Equal(expected, ArrayKernels.BinarySearch(values, probe));
            Assert.Equal(expected >= 0 ? expected : ~expected, ArrayKernels.LowerBound(values, probe));
        }
        Assert.Equal(values.Length, ArrayKernels.LowerBound(values, 65536));
    }

    [Property]
    public void CountRuns_counts_maximal_runs(SortedPair pair)
    {
        foreach (var values in new[] { pair.Left, pair.Right })
        {
            int expected = values.Where((value, index) => index == 0 || value != values[index - 1] + 1).Count();
            Assert.Equal(expected, ArrayKernels.CountRuns(values));
        }
    }

    [Fact]
    public void The_generator_exercises_both_intersection_paths()
    {
        // Deterministic seeds: the check is about the generator's shapes, not about luck.
        var pairs = Enumerable.Range(0, 600).Select(seed => ArrayKernelArbitraries.Build(seed, seed % 6)).ToArray();
        Assert.Contains(pairs, pair => pair.Left.Length > 0 && pair.Left.Length * RoaringConstants.GallopRatio < pair.Right.Length);
        Assert.Contains(pairs, pair => pair.Right.Length > 0 && pair.Right.Length * RoaringConstants.GallopRatio < pair.Left.Length);
        Assert.Contains(pairs, pair => pair.Left.Length >= 8 && pair.Right.Length >= 8 && pair.Left.Length * RoaringConstants.GallopRatio >= pair.Right.Length && pair.Right.Length * RoaringConstants.GallopRatio >= pair.Left.Length);
        Assert.Contains(pairs, pair => pair.Left.Intersect(pair.Right).Any() && pair.Left.Length * RoaringConstants.GallopRatio < pair.Right.Length);
    }
}
