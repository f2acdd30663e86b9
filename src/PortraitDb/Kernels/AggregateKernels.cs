using System.Runtime.CompilerServices;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Internal;

namespace PortraitDb.Kernels;

/// <summary>
/// Aggregates of one column's values over the selected rows of a segment: exact sums, minimum and maximum, and the
/// count. Every aggregate comes in three forms:
/// <list type="bullet">
/// <item>over all values (<c>Sum(values)</c>): the masked driver compiled with an all-ones mask;</item>
/// <item>over a bitset mask (<c>Sum(values, mask)</c>): bit i selects <c>values[i]</c>; the mask needs at least
/// ceil(values.Length / 64) words, and bits at or beyond <c>values.Length</c> are ignored. Zero words are skipped and
/// all-ones words take the unmasked loop, so sparse and dense masks both run near their best;</item>
/// <item>over a list of row offsets (<c>Sum(values, offsets)</c>): each offset below <c>values.Length</c>, any order,
/// duplicates counted again.</item>
/// </list>
/// Empty inputs give 0 (sums) or "not found" (min, max). Each operation has one method per <see cref="SimdPath"/>;
/// the scalar one is the reference and finishes every tail.
/// </summary>
internal static partial class AggregateKernels
{
    /// <summary>The number of rows below <paramref name="rows"/> that <paramref name="mask"/> selects (bits at or beyond are ignored).</summary>
    /// <exception cref="ArgumentException">The mask is shorter than ceil(rows / 64) words.</exception>
    public static int Count(ReadOnlySpan<ulong> mask, int rows) => Count(mask, rows, SimdSupport.Best);

    /// <summary>As <see cref="Count(ReadOnlySpan{ulong}, int)"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static int Count(ReadOnlySpan<ulong> mask, int rows, SimdPath path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        CheckMask(mask, rows);
        int fullWords = rows / KernelVectors.WordBits;
        long count = BitsetKernels.PopCount(mask[..fullWords], path);
        int rest = rows % KernelVectors.WordBits;
        if (rest != 0)
            count += System.Numerics.BitOperations.PopCount(mask[fullWords] & ((1UL << rest) - 1));
        return (int)count;
    }

    private static void CheckMask(ReadOnlySpan<ulong> mask, int rows)
    {
        int words = KernelVectors.WordCount(rows);
        if (mask.Length < words)
            KernelThrow.MaskTooShort(nameof(mask), words, mask.Length);
    }

    /// <summary>The low <paramref name="rows"/> bits set (all 64 for 64 or more): clears a last word's bits beyond the values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RowsMask(nuint rows) => rows >= KernelVectors.WordBits ? ulong.MaxValue : (1UL << (int)rows) - 1;
}
