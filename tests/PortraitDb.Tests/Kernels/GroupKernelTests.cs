using System.Numerics;
using FsCheck.Xunit;
using PortraitDb.Kernels;

namespace PortraitDb.Tests.Kernels;

/// <summary>The GROUP BY kernels on every SIMD path, against dictionaries and loops.</summary>
[Properties(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 100)]
public class GroupKernelTests
{
    private static readonly int[] GroupCounts = [1, 2, 3, 17, 300, 1024, 1025, 5000];

    private static int[] Groups(KernelCase c, int length, out int groupCount)
    {
        var random = c.Random(21);
        groupCount = GroupCounts[random.Next(GroupCounts.Length)];
        int count = groupCount;
        bool runs = random.Next(3) == 0;
        var groups = new int[length];
        for (int index = 0; index < length; index++)
            groups[index] = runs && index > 0 && random.Next(8) != 0 ? groups[index - 1] : random.Next(count);
        return groups;
    }

    private static ushort[] Scrambled(KernelCase c, ushort[] offsets)
    {
        var random = c.Random(22);
        return offsets.Concat(offsets.Take(random.Next(5))).OrderBy(_ => random.Next()).ToArray();
    }

    [Property]
    public void Gather_and_GatherCodes_copy_the_selected_values(KernelCase c)
    {
        var offsets = KernelInputs.Offsets(c, c.Length);
        foreach (var input in new[] { offsets, Scrambled(c, offsets) })
        {
            CheckGather(KernelInputs.Ints(c), input);
            CheckGather(KernelInputs.Longs(c), input);
            CheckGather(KernelInputs.Doubles(c), input);
            var wide = KernelInputs.Ints(c);
            var bytes = wide.Select(value => (byte)value).ToArray();
            var shorts = wide.Select(value => (ushort)value).ToArray();
            var output = new int[input.Length + 1];
            output[^1] = 12345;
            GroupKernels.GatherCodes(bytes, input, output);
            Assert.True(input.Select(offset => (int)bytes[offset]).Append(12345).SequenceEqual(output), $"byte codes: {c}");
            GroupKernels.GatherCodes(shorts, input, output);
            Assert.True(input.Select(offset => (int)shorts[offset]).Append(12345).SequenceEqual(output), $"ushort codes: {c}");
            GroupKernels.GatherCodes(wide, input, output);
            Assert.True(input.Select(offset => wide[offset]).Append(12345).SequenceEqual(output), $"int codes: {c}");
        }
    }

    private static void CheckGather<T>(T[] values, ushort[] offsets)
        where T : unmanaged
    {
        var output = new T[offsets.Length + 1];
        var sentinel = values.Length > 0 ? values[^1] : default;
        output[^1] = sentinel;
        GroupKernels.Gather<T>(values, offsets, output);
        Assert.True(offsets.Select(offset => values[offset]).Append(sentinel).SequenceEqual(output), $"{typeof(T).Name} gather of {offsets.Length}");
    }

    [Property]
    public void Compress_keeps_the_masked_values_in_order_on_every_path(KernelCase c)
    {
        CheckCompress(c, KernelInputs.Ints(c));
        CheckCompress(c, KernelInputs.Longs(c));
        CheckCompress(c, KernelInputs.Doubles(c));
    }

    private static void CheckCompress<T>(KernelCase c, T[] values)
        where T : unmanaged
    {
        var mask = KernelInputs.Mask(c, values.Length);
        var expected = Enumerable.Range(0, values.Length).Where(row => KernelInputs.IsSet(mask, row)).Select(row => values[row]).ToArray();
        foreach (var path in KernelInputs.Paths)
        {
            var roomy = new T[values.Length + 1];
            int count = GroupKernels.Compress<T>(values, mask, roomy.AsSpan(0, values.Length), path);
            Assert.True(expected.AsSpan().SequenceEqual(roomy.AsSpan(0, count)), $"{typeof(T).Name} roomy on {path}, {c}");
            var tight = new T[expected.Length];
            count = GroupKernels.Compress<T>(values, mask, tight, path);
            Assert.True(expected.AsSpan().SequenceEqual(tight.AsSpan(0, count)), $"{typeof(T).Name} tight on {path}, {c}");
            if (expected.Length > 0)
                Assert.Throws<ArgumentException>(() => GroupKernels.Compress<T>(values, mask, new T[expected.Length - 1], path));
        }
    }

    private static void CheckSumAndCount<T>(int[] groups, int groupCount, T[] values, KernelCase c)
        where T : unmanaged, IBinaryInteger<T>
    {
        var sums = Enumerable.Range(0, groupCount).Select(group => (long)group * 3).ToArray();
        var counts = Enumerable.Range(0, groupCount).Select(group => (long)group * 5).ToArray();
        var expectedSums = sums.ToArray();
        var expectedCounts = counts.ToArray();
        for (int row = 0; row < groups.Length; row++)
        {
            expectedSums[groups[row]] += long.CreateTruncating(values[row]);
            expectedCounts[groups[row]]++;
        }
        GroupKernels.SumByGroup<T>(groups, values, sums, counts);
        Assert.True(expectedSums.SequenceEqual(sums), $"{typeof(T).Name} sums: {c}");
        Assert.True(expectedCounts.SequenceEqual(counts), $"{typeof(T).Name} counts: {c}");
    }

    [Property]
    public void CountByGroup_adds_one_per_row(KernelCase c)
    {
        var groups = Groups(c, c.Length, out int groupCount);
        var counts = Enumerable.Range(0, groupCount).Select(group => (long)group * 7).ToArray();
        var expected = counts.ToArray();
        foreach (int group in groups)
            expected[group]++;
        GroupKernels.CountByGroup(groups, counts);
        Assert.Equal(expected, counts);
    }

    [Property]
    public void SumByGroup_matches_per_group_sums(KernelCase c)
    {
        var groups = Groups(c, c.Length, out int groupCount);

        var longs = KernelInputs.Longs(c);
        var sums = new Int128[groupCount];
        sums[0] = Int128.MaxValue / 2;
        var expected = sums.Select(sum => (BigInteger)sum).ToArray();
        for (int row = 0; row < groups.Length; row++)
            expected[groups[row]] += longs[row];
        GroupKernels.SumByGroup(groups, longs, sums);
        Assert.Equal(expected, sums.Select(sum => (BigInteger)sum).ToArray());

        CheckSumAndCount(groups, groupCount, KernelInputs.Ints(c), c);
        // Longs whose group sums stay within 64 bits, as the caller guarantees.
        CheckSumAndCount(groups, groupCount, KernelInputs.Longs(c).Select(value => value >> 20).ToArray(), c);

        // Finite, moderate doubles: any order of additions is within rounding.
        var random = c.Random(23);
        var doubles = Enumerable.Range(0, groups.Length).Select(_ => (random.NextDouble() - 0.5) * 1e6).ToArray();
        var doubleSums = new double[groupCount];
        var doubleExpected = new double[groupCount];
        var magnitude = new double[groupCount];
        for (int row = 0; row < groups.Length; row++)
        {
            doubleExpected[groups[row]] += doubles[row];
            magnitude[groups[row]] += Math.Abs(doubles[row]);
        }
        GroupKernels.SumByGroup(groups, doubles, doubleSums);
        for (int group = 0; group < groupCount; group++)
            Assert.True(Math.Abs(doubleExpected[group] - doubleSums[group]) <= 1e-12 * magnitude[group], $"group {group}: {c}");
    }

    [Property]
    public void MinByGroup_and_MaxByGroup_match_the_model_across_two_calls(KernelCase c)
    {
        CheckExtremeByGroup<int>(c);
        CheckExtremeByGroup<long>(c);
        CheckExtremeByGroup<double>(c);
    }

    private static void CheckExtremeByGroup<T>(KernelCase c)
        where T : unmanaged, INumber<T>
    {
        var values = KernelInputs.Values<T>(c);
        var groups = Groups(c, values.Length, out int groupCount);
        int half = values.Length / 2;
        var byGroup = Enumerable.Range(0, values.Length).ToLookup(row => groups[row], row => values[row]);
        foreach (bool max in new[] { false, true })
        {
            var extremes = new T[groupCount];
            var seen = new bool[groupCount];
            for (int part = 0; part < 2; part++)
            {
                var range = part == 0 ? new Range(0, half) : new Range(half, values.Length);
                if (max)
                    GroupKernels.MaxByGroup<T>(groups.AsSpan(range), values.AsSpan(range), extremes, seen);
                else
                    GroupKernels.MinByGroup<T>(groups.AsSpan(range), values.AsSpan(range), extremes, seen);
            }
            for (int group = 0; group < groupCount; group++)
            {
                var members = byGroup[group].ToList();
                Assert.Equal(members.Count > 0, seen[group]);
                if (members.Count == 0)
                    continue;
                var numbers = members.Where(value => !T.IsNaN(value)).ToList();
                T expected = max
                    ? (numbers.Count < members.Count ? members.First(T.IsNaN) : numbers.Aggregate(T.Max))
                    : (numbers.Count == 0 ? members[0] : numbers.Aggregate(T.Min));
                bool same = T.IsNaN(expected) ? T.IsNaN(extremes[group]) : expected == extremes[group] && T.IsNegative(expected) == T.IsNegative(extremes[group]);
                Assert.True(same, $"{typeof(T).Name} {(max ? "max" : "min")} of group {group}: expected {expected}, got {extremes[group]}; {c}");
            }
        }
    }

    [Property]
    public void CountCodes_is_a_histogram_of_the_masked_codes_on_every_path(KernelCase c)
    {
        var random = c.Random(24);
        int[] codeCounts = [1, 2, 5, 16, 17, 200, 256];
        int codeCount = codeCounts[random.Next(codeCounts.Length)];
        var codes = Enumerable.Range(0, c.Length).Select(_ => (byte)(random.Next(4) == 0 ? codeCount - 1 : random.Next(codeCount))).ToArray();
        if (c.Shape == ValueShape.Small)
            Array.Fill(codes, (byte)(codeCount / 2));
        var mask = KernelInputs.Mask(c, codes.Length);
        var expected = new long[codeCount];
        for (int row = 0; row < codes.Length; row++)
        {
            if (KernelInputs.IsSet(mask, row))
                expected[codes[row]]++;
        }
        foreach (var path in KernelInputs.Paths)
        {
            var counts = new long[codeCount];
            GroupKernels.CountCodes(codes, mask, counts, path);
            Assert.True(expected.SequenceEqual(counts), $"byte codes ({codeCount}) on {path}, {c}");
            // A selected code beyond the counters throws and leaves them unchanged.
            int firstSelected = Enumerable.Range(0, codes.Length).FirstOrDefault(row => KernelInputs.IsSet(mask, row), -1);
            if (firstSelected >= 0 && codeCount < 256)
            {
                var bad = codes.ToArray();
                bad[firstSelected] = (byte)codeCount;
                Assert.Throws<ArgumentOutOfRangeException>(() => GroupKernels.CountCodes(bad, mask, counts, path));
                Assert.True(expected.SequenceEqual(counts), $"counts changed by a failed call on {path}, {c}");
            }
        }
        var shorts = codes.Select(code => (ushort)(code * 251)).ToArray();
        var wide = codes.Select(code => code * 251).ToArray();
        var shortCounts = new long[(codeCount * 251) + 1];
        GroupKernels.CountCodes(shorts, mask, shortCounts);
        var wideCounts = new long[(codeCount * 251) + 1];
        GroupKernels.CountCodes(wide, mask, wideCounts);
        for (int code = 0; code < codeCount; code++)
        {
            Assert.Equal(expected[code], shortCounts[code * 251]);
            Assert.Equal(expected[code], wideCounts[code * 251]);
        }
        Assert.Equal(expected.Sum(), shortCounts.Sum());
        Assert.Equal(expected.Sum(), wideCounts.Sum());
    }

    [Property]
    public void Bucketize_counts_the_edges_not_above_each_value_on_every_path(KernelCase c)
    {
        CheckBucketize<int>(c);
        CheckBucketize<long>(c);
        CheckBucketize<double>(c);
    }

    private static void CheckBucketize<T>(KernelCase c)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var values = KernelInputs.Values<T>(c);
        var random = c.Random(25);
        int[] edgeCounts = [0, 1, 6, 32, 33, 100];
        int edgeCount = edgeCounts[random.Next(edgeCounts.Length)];
        var pool = values.Where(value => !T.IsNaN(value)).Concat([T.MinValue, T.MaxValue, T.Zero]).ToArray();
        var edges = Enumerable.Range(0, edgeCount).Select(_ => pool[random.Next(pool.Length)]).Order().ToArray();
        var expected = values.Select(value => edges.Count(edge => !(value < edge))).ToArray();
        foreach (var path in KernelInputs.Paths)
        {
            var buckets = new int[values.Length + 1];
            buckets[^1] = -7;
            GroupKernels.Bucketize<T>(values, edges, buckets, path);
            Assert.True(expected.Append(-7).SequenceEqual(buckets), $"{typeof(T).Name} with {edgeCount} edges on {path}, {c}");
        }
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupKernels.CountByGroup([0, 3], new long[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupKernels.CountByGroup(Enumerable.Repeat(-1, 5000).ToArray(), new long[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupKernels.SumByGroup([1], [1L], new Int128[1]));
        Assert.Throws<ArgumentException>(() => GroupKernels.SumByGroup([0, 0], [1.0], new double[1]));
        Assert.Throws<ArgumentException>(() => GroupKernels.SumByGroup<int>([0], [1], new long[2], new long[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupKernels.SumByGroup<long>(Enumerable.Repeat(2, 5000).ToArray(), new long[5000], new long[2], new long[2]));
        Assert.Throws<ArgumentException>(() => GroupKernels.MinByGroup<int>([0], [1], new int[2], new bool[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupKernels.Gather<int>(new int[5], new ushort[] { 5 }, new int[1]));
        Assert.Throws<ArgumentException>(() => GroupKernels.Gather<int>(new int[5], new ushort[] { 1, 2 }, new int[1]));
        Assert.Throws<ArgumentException>(() => GroupKernels.Bucketize<double>([1.0], [2.0, 1.0], new int[1]));
        Assert.Throws<ArgumentException>(() => GroupKernels.Bucketize<double>([1.0], [double.NaN], new int[1]));
        Assert.Throws<ArgumentException>(() => GroupKernels.Bucketize<int>([1, 2], [1], new int[1]));
        Assert.Throws<ArgumentException>(() => GroupKernels.CountCodes(new byte[65], new ulong[1], new long[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupKernels.CountCodes(new ushort[] { 3 }, [1UL], new long[3]));
    }
}
