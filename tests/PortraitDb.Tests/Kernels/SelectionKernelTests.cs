using System.Numerics;
using FsCheck.Xunit;
using PortraitDb.Kernels;

namespace PortraitDb.Tests.Kernels;

/// <summary>Bitset ↔ offsets conversions and the fused AND, on every SIMD path, against plain loops.</summary>
[Properties(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 200)]
public class SelectionKernelTests
{
    [Property]
    public void BitsToOffsets_lists_every_set_bit_in_order(KernelCase c)
    {
        var bits = KernelInputs.Mask(c, c.Length, garbageBeyondLength: false);
        var expected = KernelInputs.SetBits(bits).Select(offset => (ushort)offset).ToArray();
        foreach (var path in KernelInputs.Paths)
        {
            // A roomy destination (whole-vector stores), and the tightest one the contract allows.
            var roomy = new ushort[65536 + 1];
            roomy[^1] = 0xBEEF;
            int count = SelectionKernels.BitsToOffsets(bits, roomy.AsSpan(0, 65536), path);
            Assert.True(expected.AsSpan().SequenceEqual(roomy.AsSpan(0, count)), $"roomy on {path}, {c}");
            Assert.Equal(0xBEEF, roomy[^1]);

            var tight = new ushort[expected.Length + 1];
            tight[^1] = 0xBEEF;
            count = SelectionKernels.BitsToOffsets(bits, tight.AsSpan(0, expected.Length), path);
            Assert.True(expected.AsSpan().SequenceEqual(tight.AsSpan(0, count)), $"tight on {path}, {c}");
            Assert.Equal(0xBEEF, tight[^1]);

            if (expected.Length > 0)
                Assert.Throws<ArgumentException>(() => SelectionKernels.BitsToOffsets(bits, new ushort[expected.Length - 1], path));
        }
    }

    [Property]
    public void OffsetsToBits_round_trips_and_clears_the_rest(KernelCase c)
    {
        var offsets = KernelInputs.Offsets(c, c.Length);
        var expected = new ulong[(c.Length + 63) / 64];
        foreach (int offset in offsets)
            expected[offset >> 6] |= 1UL << offset;
        var bits = Enumerable.Repeat(ulong.MaxValue, expected.Length).ToArray();
        SelectionKernels.OffsetsToBits(offsets, bits);
        Assert.Equal(expected, bits);

        // Unsorted input with duplicates gives the same set.
        var shuffled = offsets.Concat(offsets.Take(3)).OrderBy(_ => c.Random(9).Next()).ToArray();
        SelectionKernels.OffsetsToBits(shuffled, bits);
        Assert.Equal(expected, bits);
    }

    [Property]
    public void AndBits_matches_the_word_wise_and_and_its_count(KernelCase c)
    {
        var left = KernelInputs.Mask(c, c.Length, garbageBeyondLength: false);
        var right = KernelInputs.Mask(c with { Seed = c.Seed ^ 0x5A5A, Mask = MaskShape.Half }, c.Length, garbageBeyondLength: false);
        var expected = left.Zip(right, (l, r) => l & r).ToArray();
        int expectedCount = expected.Sum(word => BitOperations.PopCount(word));
        foreach (var path in KernelInputs.Paths)
        {
            var destination = new ulong[left.Length];
            Assert.Equal(expectedCount, SelectionKernels.AndBits(left, right, destination, path));
            Assert.Equal(expected, destination);
            var inPlace = left.ToArray();
            Assert.Equal(expectedCount, SelectionKernels.AndBits(inPlace, right, inPlace, path));
            Assert.Equal(expected, inPlace);
        }
    }

    [Fact]
    public void Edge_offsets_and_bad_arguments()
    {
        var bits = new ulong[1024];
        bits[0] = 1;
        bits[1023] = 1UL << 63;
        foreach (var path in KernelInputs.Paths)
        {
            var offsets = new ushort[2];
            Assert.Equal(2, SelectionKernels.BitsToOffsets(bits, offsets, path));
            Assert.Equal(new ushort[] { 0, 65535 }, offsets);
            Assert.Throws<ArgumentException>(() => SelectionKernels.BitsToOffsets(new ulong[1025], new ushort[10], path));
            Assert.Equal(0, SelectionKernels.BitsToOffsets([], [], path));
            Assert.Throws<ArgumentException>(() => SelectionKernels.AndBits(new ulong[3], new ulong[2], new ulong[3], path));
            Assert.Throws<ArgumentException>(() => SelectionKernels.AndBits(new ulong[3], new ulong[3], new ulong[2], path));
        }
        var roundTrip = new ulong[1024];
        SelectionKernels.OffsetsToBits([0, 65535], roundTrip);
        Assert.Equal(bits, roundTrip);
        Assert.Throws<ArgumentOutOfRangeException>(() => SelectionKernels.OffsetsToBits([1, 64], new ulong[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SelectionKernels.OffsetsToBits([64, 1], new ulong[1]));
    }
}
