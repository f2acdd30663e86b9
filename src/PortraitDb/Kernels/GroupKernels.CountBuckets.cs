using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PortraitDb.Internal;

namespace PortraitDb.Kernels;

internal static partial class GroupKernels
{
    /// <summary>
    /// Adds to <c>counts[b]</c> how many values fall in bucket b of the sorted edges, as
    /// <see cref="Bucketize{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{int})"/> assigns buckets (NaN in the last), without
    /// writing a bucket per value: one pass per edge counts the values not below it (a compare and a subtract per
    /// vector, counters in registers), and the buckets are the differences of those counts. For a whole column
    /// with few edges (PROFILE's numeric dimensions over a whole table) this reads each value from cache once per
    /// edge and writes nothing.
    /// </summary>
    /// <param name="values">4- or 8-byte values (int, long, double); empty adds nothing.</param>
    /// <param name="sortedEdges">Ascending (equal neighbours allowed), no NaN; may be empty (every value in bucket 0).</param>
    /// <param name="counts">At least <c>sortedEdges.Length + 1</c> counters, added to.</param>
    /// <exception cref="ArgumentException">The edges are not ascending or hold a NaN, or <paramref name="counts"/> is too short.</exception>
    public static void CountBuckets<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> sortedEdges, Span<long> counts)
        where T : unmanaged, INumber<T>
        => CountBuckets(values, sortedEdges, counts, SimdSupport.Best);

    /// <summary>As <see cref="CountBuckets{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{long})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static void CountBuckets<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> sortedEdges, Span<long> counts, SimdPath path)
        where T : unmanaged, INumber<T>
    {
        KernelVectors.RequireWordSized<T>();
        if (counts.Length < sortedEdges.Length + 1)
            KernelThrow.DestinationTooShort(nameof(counts), sortedEdges.Length + 1, counts.Length);
        for (int edge = 0; edge < sortedEdges.Length; edge++)
        {
            if (!(edge == 0 ? sortedEdges[0] == sortedEdges[0] : sortedEdges[edge - 1] <= sortedEdges[edge]))
                KernelThrow.EdgesNotSorted(nameof(sortedEdges));
        }
        long below = values.Length;
        for (int edge = 0; edge < sortedEdges.Length; edge++)
        {
            long notBelow = CountNotBelow(values, sortedEdges[edge], path);
            counts[edge] += below - notBelow;
            below = notBelow;
        }
        counts[sortedEdges.Length] += below;
    }

    /// <summary>How many values are not below <paramref name="edge"/> (NaN included).</summary>
    private static long CountNotBelow<T>(ReadOnlySpan<T> values, T edge, SimdPath path)
        where T : unmanaged, INumber<T>
    {
        long count = 0;
        int done = path switch
        {
            SimdPath.Vector512 => CountNotBelow512(values, edge, ref count),
            SimdPath.Vector256 => CountNotBelow256(values, edge, ref count),
            SimdPath.Vector128 => CountNotBelow128(values, edge, ref count),
            _ => 0,
        };
        for (int index = done; index < values.Length; index++)
            count += values[index] < edge ? 0 : 1;
        return count;
    }

    // The vector paths subtract the all-ones lanes of NOT(value < edge) from integer lane counters of the value's
    // width; a lane grows by at most one a step, so 32-bit lanes hold any span's count (spans are shorter than 2^31).

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountNotBelow512<T>(ReadOnlySpan<T> values, T edge, ref long count)
        where T : unmanaged, INumber<T>
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        var e = Vector512.Create(edge);
        nuint step = (nuint)Vector512<T>.Count;
        nuint end = (nuint)values.Length / step * step;
        if (Unsafe.SizeOf<T>() == 4)
        {
            var lanes = Vector512<int>.Zero;
            for (nuint index = 0; index < end; index += step)
                lanes -= ~Vector512.LessThan(Vector512.LoadUnsafe(ref source, index), e).AsInt32();
            count += Vector512.Sum(Vector512.WidenLower(lanes)) + Vector512.Sum(Vector512.WidenUpper(lanes));
        }
        else
        {
            var lanes = Vector512<long>.Zero;
            for (nuint index = 0; index < end; index += step)
                lanes -= ~Vector512.LessThan(Vector512.LoadUnsafe(ref source, index), e).AsInt64();
            count += Vector512.Sum(lanes);
        }
        return (int)end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountNotBelow256<T>(ReadOnlySpan<T> values, T edge, ref long count)
        where T : unmanaged, INumber<T>
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        var e = Vector256.Create(edge);
        nuint step = (nuint)Vector256<T>.Count;
        nuint end = (nuint)values.Length / step * step;
        if (Unsafe.SizeOf<T>() == 4)
        {
            var lanes = Vector256<int>.Zero;
            for (nuint index = 0; index < end; index += step)
                lanes -= ~Vector256.LessThan(Vector256.LoadUnsafe(ref source, index), e).AsInt32();
            count += Vector256.Sum(Vector256.WidenLower(lanes)) + Vector256.Sum(Vector256.WidenUpper(lanes));
        }
        else
        {
            var lanes = Vector256<long>.Zero;
            for (nuint index = 0; index < end; index += step)
                lanes -= ~Vector256.LessThan(Vector256.LoadUnsafe(ref source, index), e).AsInt64();
            count += Vector256.Sum(lanes);
        }
        return (int)end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountNotBelow128<T>(ReadOnlySpan<T> values, T edge, ref long count)
        where T : unmanaged, INumber<T>
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        var e = Vector128.Create(edge);
        nuint step = (nuint)Vector128<T>.Count;
        nuint end = (nuint)values.Length / step * step;
        if (Unsafe.SizeOf<T>() == 4)
        {
            var lanes = Vector128<int>.Zero;
            for (nuint index = 0; index < end; index += step)
                lanes -= ~Vector128.LessThan(Vector128.LoadUnsafe(ref source, index), e).AsInt32();
            count += Vector128.Sum(Vector128.WidenLower(lanes)) + Vector128.Sum(Vector128.WidenUpper(lanes));
        }
        else
        {
            var lanes = Vector128<long>.Zero;
            for (nuint index = 0; index < end; index += step)
                lanes -= ~Vector128.LessThan(Vector128.LoadUnsafe(ref source, index), e).AsInt64();
            count += Vector128.Sum(lanes);
        }
        return (int)end;
    }
}
