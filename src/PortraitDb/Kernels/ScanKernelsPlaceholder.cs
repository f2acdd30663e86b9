using System.Numerics;

namespace PortraitDb.Kernels;

// Placeholder scalar kernels until the SIMD kernels land.
internal enum CompareOp
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal static class ScanKernels
{
    public static int Compare<T>(ReadOnlySpan<T> values, CompareOp op, T operand, Span<ulong> bits)
        where T : unmanaged, INumber<T>
    {
        int words = (values.Length + 63) >> 6;
        bits[..words].Clear();
        int count = 0;
        for (int index = 0; index < values.Length; index++)
        {
            if (Test(values[index], op, operand))
            {
                bits[index >> 6] |= 1UL << index;
                count++;
            }
        }
        return count;
    }

    public static int Between<T>(ReadOnlySpan<T> values, T low, T high, Span<ulong> bits)
        where T : unmanaged, INumber<T>
    {
        int words = (values.Length + 63) >> 6;
        bits[..words].Clear();
        int count = 0;
        for (int index = 0; index < values.Length; index++)
        {
            if (values[index] >= low && values[index] <= high)
            {
                bits[index >> 6] |= 1UL << index;
                count++;
            }
        }
        return count;
    }

    public static int CompareSelected<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, CompareOp op, T operand, Span<ushort> passed)
        where T : unmanaged, INumber<T>
    {
        int count = 0;
        foreach (ushort offset in offsets)
        {
            if (Test(values[offset], op, operand))
                passed[count++] = offset;
        }
        return count;
    }

    public static int BetweenSelected<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, T low, T high, Span<ushort> passed)
        where T : unmanaged, INumber<T>
    {
        int count = 0;
        foreach (ushort offset in offsets)
        {
            if (values[offset] >= low && values[offset] <= high)
                passed[count++] = offset;
        }
        return count;
    }

    private static bool Test<T>(T value, CompareOp op, T operand)
        where T : INumber<T> => op switch
        {
            CompareOp.Equal => value == operand,
            CompareOp.NotEqual => value != operand,
            CompareOp.Less => value < operand,
            CompareOp.LessOrEqual => value <= operand,
            CompareOp.Greater => value > operand,
            _ => value >= operand,
        };
}
