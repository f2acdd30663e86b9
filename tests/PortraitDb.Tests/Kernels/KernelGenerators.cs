using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using PortraitDb.Internal;

namespace PortraitDb.Tests.Kernels;

/// <summary>How a case's column values are drawn.</summary>
public enum ValueShape
{
    /// <summary>Values in [-8, 8]: many ties with the operand and the edges.</summary>
    Small,
    /// <summary>The type's extremes and their neighbours (and NaN, ±0.0, ±∞ for doubles).</summary>
    Extremes,
    /// <summary>Any value of the type (any bit pattern for doubles).</summary>
    Wide,
    /// <summary>A mixture of the three.</summary>
    Mixed,
}

/// <summary>How a case's row mask (and the offset list drawn from it) looks.</summary>
public enum MaskShape
{
    AllZero,
    AllOnes,
    Sparse,
    Half,
    Dense,
    /// <summary>Whole words of zeros, ones and random bits, in runs.</summary>
    Words,
    /// <summary>Only the first and last rows (offset 0 and the last offset, 65,535 in a full segment).</summary>
    Edges,
}

/// <summary>One generated input: a length, a seed and shapes; the arrays are built from them deterministically.</summary>
public sealed record KernelCase(int Length, int Seed, ValueShape Shape, MaskShape Mask)
{
    public override string ToString() => $"length {Length}, seed {Seed}, {Shape} values, {Mask} mask";

    /// <summary>A random source for one purpose of this case.</summary>
    public Random Random(int purpose) => new(HashCode.Combine(Seed, purpose));
}

public static class KernelArbitraries
{
    /// <summary>The lengths where vector loops and words change: around 64, and a whole segment.</summary>
    public static readonly int[] EdgeLengths = [0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4095, 65535, 65536];

    public static Arbitrary<KernelCase> KernelCase() => Arb.From(
        from length in Gen.Frequency(
            (3, Gen.Elements(EdgeLengths)),
            (2, Gen.Choose(0, 300)),
            (1, Gen.Choose(300, 5000)),
            (1, Gen.Elements(65535, 65536)))
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from shape in Gen.Elements(Enum.GetValues<ValueShape>())
        from mask in Gen.Elements(Enum.GetValues<MaskShape>())
        select new KernelCase(length, seed, shape, mask),
        Shrink);

    private static IEnumerable<KernelCase> Shrink(KernelCase value)
    {
        foreach (int length in EdgeLengths.Where(length => length < value.Length).Reverse().Take(4))
            yield return value with { Length = length };
    }
}

/// <summary>Builds a case's arrays.</summary>
internal static class KernelInputs
{
    public static IEnumerable<SimdPath> Paths => SimdSupport.Supported;

    public static T[] Values<T>(KernelCase c)
    {
        if (typeof(T) == typeof(int))
            return (T[])(object)Ints(c);
        if (typeof(T) == typeof(long))
            return (T[])(object)Longs(c);
        if (typeof(T) == typeof(double))
            return (T[])(object)Doubles(c);
        throw new NotSupportedException(typeof(T).Name);
    }

    public static int[] Ints(KernelCase c)
    {
        var random = c.Random(1);
        int[] extremes = [int.MinValue, int.MinValue + 1, -1, 0, 1, int.MaxValue - 1, int.MaxValue];
        var values = new int[c.Length];
        for (int index = 0; index < values.Length; index++)
        {
            values[index] = Pick(c.Shape, random) switch
            {
                ValueShape.Small => random.Next(-8, 9),
                ValueShape.Extremes => extremes[random.Next(extremes.Length)],
                _ => (int)random.NextInt64(int.MinValue, (long)int.MaxValue + 1),
            };
        }
        return values;
    }

    public static long[] Longs(KernelCase c)
    {
        var random = c.Random(2);
        long[] extremes =
        [
            long.MinValue, long.MinValue + 1, -1_000_000_000_000_000_000, -(1L << 32), -(1L << 31) - 1, -1, 0, 1,
            uint.MaxValue, 1L << 32, 999_999_999_999_999_999, long.MaxValue - 1, long.MaxValue,
        ];
        var values = new long[c.Length];
        for (int index = 0; index < values.Length; index++)
        {
            values[index] = Pick(c.Shape, random) switch
            {
                ValueShape.Small => random.Next(-8, 9),
                ValueShape.Extremes => extremes[random.Next(extremes.Length)],
                _ => random.NextInt64(long.MinValue, long.MaxValue) + random.Next(2),
            };
        }
        return values;
    }

    public static double[] Doubles(KernelCase c)
    {
        var random = c.Random(3);
        double[] extremes =
        [
            double.NaN, -double.NaN, double.NegativeInfinity, double.MinValue, -1.0, -double.Epsilon, -0.0, 0.0,
            double.Epsilon, 1.0, double.MaxValue, double.PositiveInfinity,
        ];
        var values = new double[c.Length];
        for (int index = 0; index < values.Length; index++)
        {
            values[index] = Pick(c.Shape, random) switch
            {
                ValueShape.Small => random.Next(6) == 0 ? -0.0 : random.Next(-8, 9) / 2.0,
                ValueShape.Extremes => extremes[random.Next(extremes.Length)],
                _ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)),
            };
        }
        return values;
    }

    /// <summary>An operand: usually one of the values (ties), else an extreme of the type.</summary>
    public static T Operand<T>(KernelCase c, T[] values, int purpose)
        where T : INumber<T>, IMinMaxValue<T>
    {
        var random = c.Random(100 + purpose);
        if (values.Length > 0 && random.Next(3) != 0)
            return values[random.Next(values.Length)];
        return random.Next(4) switch
        {
            0 => T.MinValue,
            1 => T.MaxValue,
            2 => T.Zero,
            _ => typeof(T) == typeof(double) && random.Next(2) == 0 ? (T)(object)double.NaN : T.One,
        };
    }

    /// <summary>
    /// A mask over <paramref name="length"/> rows: ceil(length / 64) words plus, sometimes, one more; bits at or
    /// beyond the length are random (kernels must ignore them).
    /// </summary>
    public static ulong[] Mask(KernelCase c, int length, bool garbageBeyondLength = true)
    {
        var random = c.Random(4);
        int words = (length + 63) / 64;
        var mask = new ulong[words + (garbageBeyondLength && random.Next(2) == 0 ? 1 : 0)];
        for (int word = 0; word < mask.Length; word++)
        {
            mask[word] = c.Mask switch
            {
                MaskShape.AllZero => 0,
                MaskShape.AllOnes => ulong.MaxValue,
                MaskShape.Sparse => RandomBits(random, 0.01),
                MaskShape.Half => RandomBits(random, 0.5),
                MaskShape.Dense => RandomBits(random, 0.99),
                MaskShape.Words => random.Next(3) switch { 0 => 0, 1 => ulong.MaxValue, _ => (ulong)random.NextInt64() },
                _ => 0,
            };
        }
        if (c.Mask == MaskShape.Edges && length > 0)
        {
            mask[0] |= 1;
            mask[(length - 1) / 64] |= 1UL << ((length - 1) % 64);
        }
        if (length % 64 != 0 && words > 0)
        {
            ulong beyond = ~0UL << (length % 64);
            mask[words - 1] = garbageBeyondLength ? mask[words - 1] | (beyond & (ulong)random.NextInt64()) : mask[words - 1] & ~beyond;
        }
        return mask;
    }

    /// <summary>The sorted offsets of the mask's set bits below <paramref name="length"/>.</summary>
    public static ushort[] Offsets(KernelCase c, int length)
    {
        var mask = Mask(c, length, garbageBeyondLength: false);
        return SetBits(mask).Where(offset => offset < length).Select(offset => (ushort)offset).ToArray();
    }

    public static IEnumerable<int> SetBits(ulong[] mask)
    {
        for (int word = 0; word < mask.Length; word++)
        {
            for (int bit = 0; bit < 64; bit++)
            {
                if ((mask[word] & (1UL << bit)) != 0)
                    yield return (word * 64) + bit;
            }
        }
    }

    /// <summary>Whether row <paramref name="row"/> is selected by <paramref name="mask"/>.</summary>
    public static bool IsSet(ulong[] mask, int row) => (mask[row >> 6] & (1UL << row)) != 0;

    private static ValueShape Pick(ValueShape shape, Random random) =>
        shape == ValueShape.Mixed ? (ValueShape)random.Next(3) : shape;

    private static ulong RandomBits(Random random, double density)
    {
        ulong word = 0;
        for (int bit = 0; bit < 64; bit++)
        {
            if (random.NextDouble() < density)
                word |= 1UL << bit;
        }
        return word;
    }
}
