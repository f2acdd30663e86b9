using System.Numerics;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Internal;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>Every bitset kernel, on every SIMD path this CPU runs, against a plain scalar loop.</summary>
public class BitsetKernelTests
{
    private const int MaxLength = 256;

    public static TheoryData<int> Paths()
    {
        var data = new TheoryData<int>();
        foreach (var path in SimdSupport.Supported)
            data.Add((int)path);
        return data;
    }

    [Fact]
    public void Scalar_is_always_supported_and_best_is_supported()
    {
        Assert.Contains(SimdPath.Scalar, SimdSupport.Supported);
        Assert.Contains(SimdSupport.Best, SimdSupport.Supported);
        Assert.Equal(SimdSupport.Supported.Order().ToArray(), SimdSupport.Supported.ToArray());
    }

    /// <summary>Random words mixing dense, sparse, all-ones and all-zero stretches.</summary>
    private static ulong[] RandomWords(Random random, int length)
    {
        var words = new ulong[length];
        for (int index = 0; index < length; index++)
        {
            words[index] = random.Next(6) switch
            {
                0 => 0,
                1 => ulong.MaxValue,
                2 => 1UL << random.Next(64),
                3 => (ulong)random.NextInt64() & (ulong)random.NextInt64(),
                _ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40),
            };
        }
        return words;
    }

    private static long ReferencePopCount(ReadOnlySpan<ulong> words)
    {
        long count = 0;
        foreach (ulong word in words)
            count += BitOperations.PopCount(word);
        return count;
    }

    private static ulong[] Reference(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Func<ulong, ulong, ulong> op)
    {
        var result = new ulong[left.Length];
        for (int index = 0; index < left.Length; index++)
            result[index] = op(left[index], right[index]);
        return result;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void PopCount_matches_the_scalar_reference(int pathValue)
    {
        var path = (SimdPath)pathValue;
        var random = new Random(1 + pathValue);
        for (int round = 0; round < 3; round++)
        {
            var words = RandomWords(random, MaxLength + 3);
            for (int length = 0; length <= MaxLength; length++)
            {
                for (int offset = 0; offset <= 3; offset++)
                {
                    var slice = words.AsSpan(offset, length);
                    Assert.Equal(ReferencePopCount(slice), BitsetKernels.PopCount(slice, path));
                }
            }
        }
        var ones = new ulong[4096];
        ones.AsSpan().Fill(ulong.MaxValue);
        Assert.Equal(4096L * 64, BitsetKernels.PopCount(ones, path));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Binary_kernels_match_the_scalar_reference(int pathValue)
    {
        var path = (SimdPath)pathValue;
        CheckBinary<AndOperator>(path, static (a, b) => a & b);
        CheckBinary<OrOperator>(path, static (a, b) => a | b);
        CheckBinary<XorOperator>(path, static (a, b) => a ^ b);
        CheckBinary<AndNotOperator>(path, static (a, b) => a & ~b);
    }

    private static void CheckBinary<TOperator>(SimdPath path, Func<ulong, ulong, ulong> op)
        where TOperator : struct, IBitwiseOperator
    {
        var random = new Random(((int)path * 31) + op(6, 3).GetHashCode());
        var left = RandomWords(random, MaxLength + 3);
        var right = RandomWords(random, MaxLength + 3);
        var destination = new ulong[MaxLength + 3];
        for (int length = 0; length <= MaxLength; length++)
        {
            for (int offset = 0; offset <= 3; offset++)
            {
                var l = left.AsSpan(offset, length);
                var r = right.AsSpan((offset + 1) % 4, length);
                var expected = Reference(l, r, op);
                long expectedCount = ReferencePopCount(expected);
                string where = $"{typeof(TOperator).Name} on {path}, length {length}, offset {offset}";

                Assert.True(expectedCount == BitsetKernels.BinaryPopCount<TOperator>(l, r, path), $"BinaryPopCount: {where}");

                // The destination is filled with a sentinel so that writes outside the slice show.
                int destinationOffset = (offset + 2) % 4;
                destination.AsSpan().Fill(0xDEADBEEF);
                var d = destination.AsSpan(destinationOffset, length);
                Assert.True(expectedCount == BitsetKernels.BinaryStore<TOperator>(l, r, d, path), $"BinaryStore count: {where}");
                Assert.True(expected.AsSpan().SequenceEqual(d), $"BinaryStore words: {where}");
                AssertUntouched(destination, destinationOffset, length, where);

                destination.AsSpan().Fill(0xDEADBEEF);
                d = destination.AsSpan(destinationOffset, length);
                BitsetKernels.BinaryStoreNoCount<TOperator>(l, r, d, path);
                Assert.True(expected.AsSpan().SequenceEqual(d), $"BinaryStoreNoCount words: {where}");
                AssertUntouched(destination, destinationOffset, length, where);

                // In place: the destination is the left operand.
                var inPlace = left.AsSpan(offset, length).ToArray();
                Assert.True(expectedCount == BitsetKernels.BinaryStore<TOperator>(inPlace, r, inPlace, path), $"BinaryStore in place count: {where}");
                Assert.True(expected.AsSpan().SequenceEqual(inPlace), $"BinaryStore in place words: {where}");
                inPlace = left.AsSpan(offset, length).ToArray();
                BitsetKernels.BinaryStoreNoCount<TOperator>(inPlace, r, inPlace, path);
                Assert.True(expected.AsSpan().SequenceEqual(inPlace), $"BinaryStoreNoCount in place words: {where}");
            }
        }
    }

    private static void AssertUntouched(ulong[] destination, int offset, int length, string where)
    {
        for (int index = 0; index < destination.Length; index++)
        {
            if (index < offset || index >= offset + length)
                Assert.True(destination[index] == 0xDEADBEEF, $"word {index} outside the destination was written: {where}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AndMany_kernels_match_the_scalar_reference(int pathValue)
    {
        var path = (SimdPath)pathValue;
        var random = new Random(7 + pathValue);
        for (int inputCount = 1; inputCount <= 6; inputCount++)
        {
            for (int length = 0; length <= MaxLength; length++)
            {
                // Inputs may be longer than the length; only the first words count. Mostly dense, so ANDs stay non-zero.
                var inputs = new ulong[inputCount][];
                for (int input = 0; input < inputCount; input++)
                {
                    inputs[input] = RandomWords(random, length + random.Next(0, 4));
                    for (int index = 0; index < inputs[input].Length; index++)
                        inputs[input][index] |= random.Next(3) == 0 ? ulong.MaxValue : (ulong)random.NextInt64() | (ulong)random.NextInt64();
                }
                var expected = new ulong[length];
                for (int index = 0; index < length; index++)
                {
                    ulong word = ulong.MaxValue;
                    foreach (var input in inputs)
                        word &= input[index];
                    expected[index] = word;
                }
                long expectedCount = ReferencePopCount(expected);
                string where = $"{inputCount} inputs on {path}, length {length}";
                Assert.True(expectedCount == BitsetKernels.AndManyPopCount(inputs, length, path), $"AndManyPopCount: {where}");
                if (inputCount < 2)
                    continue;
                var destination = new ulong[length + 2];
                destination.AsSpan().Fill(0xDEADBEEF);
                long count = BitsetKernels.AndManyStore(inputs, destination.AsSpan(1, length), path);
                Assert.True(expectedCount == count, $"AndManyStore count: {where}");
                // It may stop early once the running AND is empty, but the words are then all zero as expected.
                Assert.True(expected.AsSpan().SequenceEqual(destination.AsSpan(1, length)), $"AndManyStore words: {where}");
                AssertUntouched(destination, 1, length, where);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AndManyStore_on_full_bitsets_matches_the_reference(int pathValue)
    {
        // The shape the bitmap code uses: 1024-word bitsets, some all ones.
        var path = (SimdPath)pathValue;
        var random = new Random(99 + pathValue);
        for (int round = 0; round < 20; round++)
        {
            int inputCount = random.Next(2, 7);
            var inputs = new ulong[inputCount][];
            for (int input = 0; input < inputCount; input++)
            {
                inputs[input] = new ulong[RoaringConstants.BitsetWords];
                for (int index = 0; index < inputs[input].Length; index++)
                    inputs[input][index] = random.Next(4) == 0 ? ulong.MaxValue : ~((ulong)random.NextInt64() & (ulong)random.NextInt64() & (ulong)random.NextInt64());
            }
            var expected = new ulong[RoaringConstants.BitsetWords];
            for (int index = 0; index < expected.Length; index++)
            {
                ulong word = ulong.MaxValue;
                foreach (var input in inputs)
                    word &= input[index];
                expected[index] = word;
            }
            var destination = new ulong[RoaringConstants.BitsetWords];
            Assert.Equal(ReferencePopCount(expected), BitsetKernels.AndManyStore(inputs, destination, path));
            Assert.Equal(expected, destination);
            Assert.Equal(ReferencePopCount(expected), BitsetKernels.AndManyPopCount(inputs, RoaringConstants.BitsetWords, path));
            // Streaming the next key's bitsets in behind (a prefetch hint, any number of them) changes nothing.
            var upcoming = inputs[..random.Next(1, inputCount + 1)];
            Assert.Equal(ReferencePopCount(expected), BitsetKernels.AndManyPopCount(inputs, RoaringConstants.BitsetWords, path, upcoming));
        }
    }

    [Fact]
    public void Default_overloads_use_a_supported_path_and_agree()
    {
        var random = new Random(5);
        var left = RandomWords(random, 1024);
        var right = RandomWords(random, 1024);
        Assert.Equal(ReferencePopCount(left), BitsetKernels.PopCount(left));
        var expected = Reference(left, right, static (a, b) => a ^ b);
        var destination = new ulong[1024];
        Assert.Equal(ReferencePopCount(expected), BitsetKernels.BinaryStore<XorOperator>(left, right, destination));
        Assert.Equal(expected, destination);
        Assert.Equal(ReferencePopCount(expected), BitsetKernels.BinaryPopCount<XorOperator>(left, right));
    }

    /// <summary>CountMembers on every path against a set model, from empty arrays to all 65,536 values, tails of every length.</summary>
    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool CountMembers_matches_a_set_model(int seed, byte sizeClass)
    {
        var random = new Random(seed);
        int count = (sizeClass % 4) switch
        {
            0 => random.Next(0, 20),
            1 => random.Next(0, 300),
            2 => random.Next(2000, 4097),
            _ => random.Next(0, 65537),
        };
        var values = Enumerable.Range(0, 65536).OrderBy(_ => random.Next()).Take(count).Select(value => (ushort)value).Order().ToArray();
        var words = RandomWords(random, RoaringConstants.BitsetWords);
        int expected = values.Count(value => (words[value >> 6] & (1UL << value)) != 0);
        return SimdSupport.Supported.All(path => BitsetKernels.CountMembers(values, words, path) == expected);
    }
}
