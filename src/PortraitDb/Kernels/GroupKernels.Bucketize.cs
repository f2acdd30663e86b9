using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PortraitDb.Internal;

namespace PortraitDb.Kernels;

internal static partial class GroupKernels
{
    /// <summary>
    /// Assigns each value the number of edges it is not below: with edges e1 &lt; e2 &lt; ... &lt; en, bucket 0 is
    /// (-∞, e1), bucket 1 is [e1, e2), ..., bucket n is [en, +∞). A NaN goes to bucket n (NaN ranks above every
    /// number, as in <see cref="AggregateKernels.Max{T}(ReadOnlySpan{T}, out T)"/>).
    /// <para>
    /// With at most <see cref="KernelThresholds.BucketizeVectorMaxEdges"/> edges the vector paths compare each vector
    /// of values with every edge and add up the masks; with more, and on the scalar path, each value is placed by
    /// binary search (the scalar path counts edges linearly for few edges: it is the reference).
    /// </para>
    /// </summary>
    /// <param name="values">4- or 8-byte values (int, long, double); empty writes nothing.</param>
    /// <param name="sortedEdges">Ascending (equal neighbours allowed: the bucket between them stays empty), no NaN; may be empty (every bucket 0).</param>
    /// <param name="buckets">At least <c>values.Length</c> elements; exactly the first <c>values.Length</c> are written.</param>
    /// <exception cref="ArgumentException">The edges are not ascending or hold a NaN, or <paramref name="buckets"/> is too short.</exception>
    public static void Bucketize<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> sortedEdges, Span<int> buckets)
        where T : unmanaged, INumber<T>
        => Bucketize(values, sortedEdges, buckets, SimdSupport.Best);

    /// <summary>As <see cref="Bucketize{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{int})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static void Bucketize<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> sortedEdges, Span<int> buckets, SimdPath path)
        where T : unmanaged, INumber<T>
    {
        KernelVectors.RequireWordSized<T>();
        if (buckets.Length < values.Length)
            KernelThrow.DestinationTooShort(nameof(buckets), values.Length, buckets.Length);
        for (int edge = 0; edge < sortedEdges.Length; edge++)
        {
            // Written so that a NaN edge fails too.
            if (!(edge == 0 ? sortedEdges[0] == sortedEdges[0] : sortedEdges[edge - 1] <= sortedEdges[edge]))
                KernelThrow.EdgesNotSorted(nameof(sortedEdges));
        }
        if (sortedEdges.Length > KernelThresholds.BucketizeVectorMaxEdges)
        {
            BucketizeSearch(values, sortedEdges, buckets);
            return;
        }
        int done = path switch
        {
            SimdPath.Vector512 => Bucketize512(values, sortedEdges, buckets),
            SimdPath.Vector256 => Bucketize256(values, sortedEdges, buckets),
            SimdPath.Vector128 => Bucketize128(values, sortedEdges, buckets),
            _ => 0,
        };
        BucketizeLinear(values[done..], sortedEdges, buckets[done..]);
    }

    /// <summary>The scalar reference for few edges: count the edges the value is not below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BucketizeLinear<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> edges, Span<int> buckets)
        where T : unmanaged, INumber<T>
    {
        for (int index = 0; index < values.Length; index++)
        {
            T value = values[index];
            int bucket = 0;
            foreach (T edge in edges)
                bucket += value < edge ? 0 : 1;
            buckets[index] = bucket;
        }
    }

    /// <summary>
    /// Many edges: the number of edges the value is not below, by a branch-free binary search (the trip count depends
    /// only on the number of edges and the step is a conditional move, so random values cost no mispredictions).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BucketizeSearch<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> edges, Span<int> buckets)
        where T : unmanaged, INumber<T>
    {
        ref T edgesRef = ref MemoryMarshal.GetReference(edges);
        ref T source = ref MemoryMarshal.GetReference(values);
        ref int destination = ref MemoryMarshal.GetReference(buckets);
        int edgeCount = edges.Length;
        if (edgeCount == 0)
        {
            buckets[..values.Length].Clear();
            return;
        }
        for (nuint index = 0; index < (nuint)values.Length; index++)
        {
            T value = Unsafe.Add(ref source, index);
            // Invariant: the answer lies in [first, first + remaining]; every edge before first is not above the value.
            int first = 0;
            for (int remaining = edgeCount; remaining > 1; remaining -= remaining >> 1)
            {
                int half = remaining >> 1;
                first = value < Unsafe.Add(ref edgesRef, first + half) ? first : first + half;
            }
            Unsafe.Add(ref destination, index) = first + (value < Unsafe.Add(ref edgesRef, first) ? 0 : 1);
        }
    }

    // The vector paths take 16 values a step whatever their width (one int vector of buckets at 512 bits), and add
    // the all-ones lanes of NOT(value < edge): one per edge the value is not below, NaN included.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Bucketize512<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> edges, Span<int> buckets)
        where T : unmanaged, INumber<T>
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref T edgesRef = ref MemoryMarshal.GetReference(edges);
        ref int destination = ref MemoryMarshal.GetReference(buckets);
        nuint edgeCount = (nuint)edges.Length;
        nuint end = (nuint)values.Length & ~(nuint)15;
        for (nuint index = 0; index < end; index += 16)
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                var v = Vector512.LoadUnsafe(ref source, index);
                var bucket = Vector512<int>.Zero;
                for (nuint edge = 0; edge < edgeCount; edge++)
                    bucket -= ~Vector512.LessThan(v, Vector512.Create(Unsafe.Add(ref edgesRef, edge))).AsInt32();
                bucket.StoreUnsafe(ref destination, index);
            }
            else
            {
                var v0 = Vector512.LoadUnsafe(ref source, index);
                var v1 = Vector512.LoadUnsafe(ref source, index + 8);
                var bucket0 = Vector512<long>.Zero;
                var bucket1 = Vector512<long>.Zero;
                for (nuint edge = 0; edge < edgeCount; edge++)
                {
                    var e = Vector512.Create(Unsafe.Add(ref edgesRef, edge));
                    bucket0 -= ~Vector512.LessThan(v0, e).AsInt64();
                    bucket1 -= ~Vector512.LessThan(v1, e).AsInt64();
                }
                Vector512.Narrow(bucket0, bucket1).StoreUnsafe(ref destination, index);
            }
        }
        return (int)end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Bucketize256<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> edges, Span<int> buckets)
        where T : unmanaged, INumber<T>
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref T edgesRef = ref MemoryMarshal.GetReference(edges);
        ref int destination = ref MemoryMarshal.GetReference(buckets);
        nuint edgeCount = (nuint)edges.Length;
        nuint end = (nuint)values.Length & ~(nuint)15;
        for (nuint index = 0; index < end; index += 16)
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                var v0 = Vector256.LoadUnsafe(ref source, index);
                var v1 = Vector256.LoadUnsafe(ref source, index + 8);
                var bucket0 = Vector256<int>.Zero;
                var bucket1 = Vector256<int>.Zero;
                for (nuint edge = 0; edge < edgeCount; edge++)
                {
                    var e = Vector256.Create(Unsafe.Add(ref edgesRef, edge));
                    bucket0 -= ~Vector256.LessThan(v0, e).AsInt32();
                    bucket1 -= ~Vector256.LessThan(v1, e).AsInt32();
                }
                bucket0.StoreUnsafe(ref destination, index);
                bucket1.StoreUnsafe(ref destination, index + 8);
            }
            else
            {
                var v0 = Vector256.LoadUnsafe(ref source, index);
                var v1 = Vector256.LoadUnsafe(ref source, index + 4);
                var v2 = Vector256.LoadUnsafe(ref source, index + 8);
                var v3 = Vector256.LoadUnsafe(ref source, index + 12);
                Vector256<long> bucket0 = default, bucket1 = default, bucket2 = default, bucket3 = default;
                for (nuint edge = 0; edge < edgeCount; edge++)
                {
                    var e = Vector256.Create(Unsafe.Add(ref edgesRef, edge));
                    bucket0 -= ~Vector256.LessThan(v0, e).AsInt64();
                    bucket1 -= ~Vector256.LessThan(v1, e).AsInt64();
                    bucket2 -= ~Vector256.LessThan(v2, e).AsInt64();
                    bucket3 -= ~Vector256.LessThan(v3, e).AsInt64();
                }
                Vector256.Narrow(bucket0, bucket1).StoreUnsafe(ref destination, index);
                Vector256.Narrow(bucket2, bucket3).StoreUnsafe(ref destination, index + 8);
            }
        }
        return (int)end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Bucketize128<T>(ReadOnlySpan<T> values, ReadOnlySpan<T> edges, Span<int> buckets)
        where T : unmanaged, INumber<T>
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref T edgesRef = ref MemoryMarshal.GetReference(edges);
        ref int destination = ref MemoryMarshal.GetReference(buckets);
        nuint edgeCount = (nuint)edges.Length;
        nuint end = (nuint)values.Length & ~(nuint)15;
        for (nuint index = 0; index < end; index += 4)
        {
            if (Unsafe.SizeOf<T>() == 4)
            {
                var v = Vector128.LoadUnsafe(ref source, index);
                var bucket = Vector128<int>.Zero;
                for (nuint edge = 0; edge < edgeCount; edge++)
                    bucket -= ~Vector128.LessThan(v, Vector128.Create(Unsafe.Add(ref edgesRef, edge))).AsInt32();
                bucket.StoreUnsafe(ref destination, index);
            }
            else
            {
                var v0 = Vector128.LoadUnsafe(ref source, index);
                var v1 = Vector128.LoadUnsafe(ref source, index + 2);
                var bucket0 = Vector128<long>.Zero;
                var bucket1 = Vector128<long>.Zero;
                for (nuint edge = 0; edge < edgeCount; edge++)
                {
                    var e = Vector128.Create(Unsafe.Add(ref edgesRef, edge));
                    bucket0 -= ~Vector128.LessThan(v0, e).AsInt64();
                    bucket1 -= ~Vector128.LessThan(v1, e).AsInt64();
                }
                Vector128.Narrow(bucket0, bucket1).StoreUnsafe(ref destination, index);
            }
        }
        return (int)end;
    }
}
