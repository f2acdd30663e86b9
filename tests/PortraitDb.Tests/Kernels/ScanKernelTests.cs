using System.Numerics;
using FsCheck.Xunit;
using PortraitDb.Internal;
using PortraitDb.Kernels;

namespace PortraitDb.Tests.Kernels;

/// <summary>The scan kernels, on every SIMD path this CPU runs, against plain loops over the values.</summary>
[Properties(Arbitrary = [typeof(KernelArbitraries)], MaxTest = 100)]
public class ScanKernelTests
{
    private const ulong Sentinel = 0xDEAD_BEEF_DEAD_BEEF;

    private static bool Model<T>(T value, CompareOp op, T operand)
        where T : INumber<T> => op switch
        {
            CompareOp.Equal => value == operand,
            CompareOp.NotEqual => value != operand,
            CompareOp.Less => value < operand,
            CompareOp.LessOrEqual => value <= operand,
            CompareOp.Greater => value > operand,
            _ => value >= operand,
        };

    [Property]
    public void Compare_matches_the_model_for_int_long_and_double(KernelCase c)
    {
        CheckCompare<int>(c);
        CheckCompare<long>(c);
        CheckCompare<double>(c);
    }

    [Property]
    public void Between_matches_the_model_for_int_long_and_double(KernelCase c)
    {
        CheckBetween<int>(c);
        CheckBetween<long>(c);
        CheckBetween<double>(c);
    }

    [Property]
    public void CompareSelected_matches_the_model_also_in_place(KernelCase c)
    {
        CheckCompareSelected<int>(c);
        CheckCompareSelected<long>(c);
        CheckCompareSelected<double>(c);
    }

    [Property]
    public void BetweenSelected_matches_the_model_also_in_place(KernelCase c)
    {
        CheckBetweenSelected<int>(c);
        CheckBetweenSelected<long>(c);
        CheckBetweenSelected<double>(c);
    }

    private static void CheckCompare<T>(KernelCase c)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var values = KernelInputs.Values<T>(c);
        var operand = KernelInputs.Operand(c, values, 0);
        foreach (var op in Enum.GetValues<CompareOp>())
        {
            var expected = ExpectedBits(values, value => Model(value, op, operand));
            foreach (var path in KernelInputs.Paths)
                CheckBits(expected, bits => ScanKernels.Compare<T>(values, op, operand, bits, path), $"{typeof(T).Name} {op} {operand} on {path}, {c}");
        }
    }

    private static void CheckBetween<T>(KernelCase c)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var values = KernelInputs.Values<T>(c);
        var low = KernelInputs.Operand(c, values, 1);
        var high = KernelInputs.Operand(c, values, 2);
        // Both orders: an empty range must pass nothing.
        foreach (var (first, second) in new[] { (low, high), (high, low), (low, low) })
        {
            var expected = ExpectedBits(values, value => first <= value && value <= second);
            foreach (var path in KernelInputs.Paths)
                CheckBits(expected, bits => ScanKernels.Between<T>(values, first, second, bits, path), $"{typeof(T).Name} between {first} and {second} on {path}, {c}");
        }
    }

    private static void CheckCompareSelected<T>(KernelCase c)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var values = KernelInputs.Values<T>(c);
        var offsets = KernelInputs.Offsets(c, values.Length);
        var operand = KernelInputs.Operand(c, values, 3);
        foreach (var op in Enum.GetValues<CompareOp>())
        {
            var expected = offsets.Where(offset => Model(values[offset], op, operand)).ToArray();
            foreach (var path in KernelInputs.Paths)
            {
                CheckSelected(offsets, expected, (input, passed) => ScanKernels.CompareSelected<T>(values, input, op, operand, passed, path),
                    $"{typeof(T).Name} {op} {operand} on {path}, {c}");
            }
        }
    }

    private static void CheckBetweenSelected<T>(KernelCase c)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var values = KernelInputs.Values<T>(c);
        var offsets = KernelInputs.Offsets(c, values.Length);
        var low = KernelInputs.Operand(c, values, 4);
        var high = KernelInputs.Operand(c, values, 5);
        foreach (var (first, second) in new[] { (low, high), (high, low) })
        {
            var expected = offsets.Where(offset => first <= values[offset] && values[offset] <= second).ToArray();
            foreach (var path in KernelInputs.Paths)
            {
                CheckSelected(offsets, expected, (input, passed) => ScanKernels.BetweenSelected<T>(values, input, first, second, passed, path),
                    $"{typeof(T).Name} between {first} and {second} on {path}, {c}");
            }
        }
    }

    private static ulong[] ExpectedBits<T>(T[] values, Func<T, bool> predicate)
    {
        var bits = new ulong[(values.Length + 63) / 64];
        for (int row = 0; row < values.Length; row++)
        {
            if (predicate(values[row]))
                bits[row >> 6] |= 1UL << row;
        }
        return bits;
    }

    private delegate int BitsKernel(Span<ulong> bits);

    private delegate int SelectedKernel(ReadOnlySpan<ushort> offsets, Span<ushort> passed);

    private static void CheckBits(ulong[] expected, BitsKernel kernel, string where)
    {
        // One sentinel word on each side: exactly ceil(n / 64) words are written.
        var buffer = new ulong[expected.Length + 2];
        buffer.AsSpan().Fill(Sentinel);
        int count = kernel(buffer.AsSpan(1, expected.Length));
        Assert.True(expected.AsSpan().SequenceEqual(buffer.AsSpan(1, expected.Length)), $"bits: {where}");
        Assert.True(expected.Sum(word => BitOperations.PopCount(word)) == count, $"count: {where}");
        Assert.True(buffer[0] == Sentinel && buffer[^1] == Sentinel, $"wrote outside the words: {where}");
    }

    private static void CheckSelected(ushort[] offsets, ushort[] expected, SelectedKernel kernel, string where)
    {
        // Into a separate buffer with a sentinel after offsets.Length elements.
        var passed = new ushort[offsets.Length + 1];
        passed[^1] = 0xBEEF;
        int count = kernel(offsets, passed);
        Assert.True(expected.Length == count, $"count {count}, expected {expected.Length}: {where}");
        Assert.True(expected.AsSpan().SequenceEqual(passed.AsSpan(0, count)), $"offsets: {where}");
        Assert.True(passed[^1] == 0xBEEF, $"wrote beyond offsets.Length: {where}");

        // In place.
        var inPlace = offsets.ToArray();
        count = kernel(inPlace, inPlace);
        Assert.True(expected.Length == count, $"in place count {count}, expected {expected.Length}: {where}");
        Assert.True(expected.AsSpan().SequenceEqual(inPlace.AsSpan(0, count)), $"in place offsets: {where}");
    }

    [Fact]
    public void Doubles_follow_IEEE_NaN_and_signed_zero_rules_on_every_path()
    {
        double[] values = [double.NaN, -0.0, 0.0, 1.0, double.NegativeInfinity, double.PositiveInfinity, -double.NaN];
        var bits = new ulong[1];
        foreach (var path in KernelInputs.Paths)
        {
            Assert.Equal(2, ScanKernels.Compare<double>(values, CompareOp.Equal, 0.0, bits, path));
            Assert.Equal(0b0000110UL, bits[0]);
            Assert.Equal(5, ScanKernels.Compare<double>(values, CompareOp.NotEqual, 0.0, bits, path));
            Assert.Equal(0, ScanKernels.Compare<double>(values, CompareOp.Equal, double.NaN, bits, path));
            Assert.Equal(7, ScanKernels.Compare<double>(values, CompareOp.NotEqual, double.NaN, bits, path));
            Assert.Equal(0, ScanKernels.Between<double>(values, double.NaN, double.PositiveInfinity, bits, path));
            Assert.Equal(5, ScanKernels.Between<double>(values, double.NegativeInfinity, double.PositiveInfinity, bits, path));
        }
    }

    [Fact]
    public void Too_short_destinations_and_offsets_out_of_range_throw()
    {
        var values = new int[65];
        foreach (var path in KernelInputs.Paths)
        {
            Assert.Throws<ArgumentException>(() => ScanKernels.Compare<int>(values, CompareOp.Equal, 0, new ulong[1], path));
            Assert.Throws<ArgumentException>(() => ScanKernels.CompareSelected<int>(values, new ushort[3], CompareOp.Equal, 0, new ushort[2], path));
            // An offset past the values, at the start, in the middle of a vector and in the tail.
            foreach (int position in new[] { 0, 5, 16, 20 })
            {
                var offsets = new ushort[21];
                offsets[position] = 65;
                Assert.Throws<ArgumentOutOfRangeException>(() => ScanKernels.CompareSelected<int>(values, offsets, CompareOp.Equal, 0, new ushort[21], path));
                Assert.Throws<ArgumentOutOfRangeException>(() => ScanKernels.BetweenSelected<long>(new long[65], offsets, 0, 1, new ushort[21], path));
            }
        }
        Assert.Throws<NotSupportedException>(() => ScanKernels.Compare<short>(new short[3], CompareOp.Equal, 0, new ulong[1]));
    }

    [Fact]
    public void Default_overloads_agree_with_the_scalar_path()
    {
        var c = new KernelCase(65536, 7, ValueShape.Mixed, MaskShape.Half);
        var values = KernelInputs.Longs(c);
        var expected = new ulong[1024];
        var actual = new ulong[1024];
        Assert.Equal(ScanKernels.Compare<long>(values, CompareOp.Less, 0, expected, SimdPath.Scalar), ScanKernels.Compare<long>(values, CompareOp.Less, 0, actual));
        Assert.Equal(expected, actual);
        Assert.Equal(ScanKernels.Between<long>(values, -5, 5, expected, SimdPath.Scalar), ScanKernels.Between<long>(values, -5, 5, actual));
        Assert.Equal(expected, actual);
        var offsets = KernelInputs.Offsets(c, values.Length);
        var passedExpected = new ushort[offsets.Length];
        var passedActual = new ushort[offsets.Length];
        int count = ScanKernels.CompareSelected<long>(values, offsets, CompareOp.Greater, 0, passedExpected, SimdPath.Scalar);
        Assert.Equal(count, ScanKernels.CompareSelected<long>(values, offsets, CompareOp.Greater, 0, passedActual));
        Assert.Equal(passedExpected[..count], passedActual[..count]);
        count = ScanKernels.BetweenSelected<long>(values, offsets, -3, 3, passedExpected, SimdPath.Scalar);
        Assert.Equal(count, ScanKernels.BetweenSelected<long>(values, offsets, -3, 3, passedActual));
        Assert.Equal(passedExpected[..count], passedActual[..count]);
    }
}
