using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using PortraitDb.Internal;

namespace PortraitDb.Kernels;

/// <summary>
/// Kernels for GROUP BY over the selected rows of a segment: gathering the selected values (and codes) into dense
/// arrays, then per-group counts, sums, minima and maxima keyed by a dense group id per gathered row; a histogram of
/// category codes over a mask; and bucketing values by sorted edges.
/// <para>
/// Group ids index the caller's accumulator arrays directly: each must be in <c>[0, accumulators.Length)</c>, else
/// <see cref="ArgumentOutOfRangeException"/> (the accumulators may then be partly updated). The per-group kernels ADD
/// to the accumulators, so one set of arrays can collect a whole table segment by segment; clear them first.
/// </para>
/// <para>
/// The per-group kernels are scalar on every path: a vector scatter loses whenever two lanes hit the same group (the
/// common case with few groups), and AVX-512 conflict detection is not exposed by .NET. They are written to avoid
/// store-to-load stalls instead; see each one.
/// </para>
/// </summary>
internal static partial class GroupKernels
{
    // ---- Gather ----

    /// <summary>
    /// Writes <c>values[offsets[i]]</c> to <c>output[i]</c> for every i below <c>offsets.Length</c>; nothing else of
    /// <paramref name="output"/> is touched. Offsets may come in any order and repeat.
    /// <para>
    /// Scalar on every path: AVX2 gathers measured slower than scalar loads on Zen 5 (0.42 against 0.30 ns a value
    /// for int, 0.39 against 0.31 for long, at 10 to 100 % density). A full segment's column (65,536 values or more)
    /// takes a loop without bounds checks, since no <see cref="ushort"/> offset can pass its end. For a dense
    /// selection held as a bitset, <see cref="Compress{T}(ReadOnlySpan{T}, ReadOnlySpan{ulong}, Span{T})"/> is far cheaper.
    /// </para>
    /// </summary>
    /// <param name="values">The column values (any element type).</param>
    /// <param name="offsets">Each below <c>values.Length</c>; empty writes nothing.</param>
    /// <param name="output">At least <c>offsets.Length</c> elements; must not overlap <paramref name="values"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An offset is at or beyond <c>values.Length</c>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, Span<T> output)
        where T : unmanaged
    {
        if (output.Length < offsets.Length)
            KernelThrow.DestinationTooShort(nameof(output), offsets.Length, output.Length);
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ushort offsetsRef = ref MemoryMarshal.GetReference(offsets);
        ref T destination = ref MemoryMarshal.GetReference(output);
        nuint count = (nuint)offsets.Length;
        if (values.Length > ushort.MaxValue)
        {
            for (nuint index = 0; index < count; index++)
                Unsafe.Add(ref destination, index) = Unsafe.Add(ref source, Unsafe.Add(ref offsetsRef, index));
            return;
        }
        uint length = (uint)values.Length;
        for (nuint index = 0; index < count; index++)
        {
            uint offset = Unsafe.Add(ref offsetsRef, index);
            if (offset >= length)
                KernelThrow.OffsetOutOfRange(nameof(offsets), values.Length);
            Unsafe.Add(ref destination, index) = Unsafe.Add(ref source, offset);
        }
    }

    /// <summary>
    /// Widens the 8-bit category codes at <paramref name="offsets"/> into <paramref name="output"/>: the contract of
    /// <see cref="Gather{T}(ReadOnlySpan{T}, ReadOnlySpan{ushort}, Span{T})"/>. Scalar (a MOVZX load and a store a
    /// row; there is no byte gather).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherCodes(ReadOnlySpan<byte> codes, ReadOnlySpan<ushort> offsets, Span<int> output)
    {
        if (output.Length < offsets.Length)
            KernelThrow.DestinationTooShort(nameof(output), offsets.Length, output.Length);
        ref byte source = ref MemoryMarshal.GetReference(codes);
        ref ushort offsetsRef = ref MemoryMarshal.GetReference(offsets);
        ref int destination = ref MemoryMarshal.GetReference(output);
        uint length = (uint)codes.Length;
        for (nuint index = 0; index < (nuint)offsets.Length; index++)
        {
            uint offset = Unsafe.Add(ref offsetsRef, index);
            if (offset >= length)
                KernelThrow.OffsetOutOfRange(nameof(offsets), codes.Length);
            Unsafe.Add(ref destination, index) = Unsafe.Add(ref source, offset);
        }
    }

    /// <summary>Widens the 16-bit codes at <paramref name="offsets"/>; as <see cref="GatherCodes(ReadOnlySpan{byte}, ReadOnlySpan{ushort}, Span{int})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherCodes(ReadOnlySpan<ushort> codes, ReadOnlySpan<ushort> offsets, Span<int> output)
    {
        if (output.Length < offsets.Length)
            KernelThrow.DestinationTooShort(nameof(output), offsets.Length, output.Length);
        ref ushort source = ref MemoryMarshal.GetReference(codes);
        ref ushort offsetsRef = ref MemoryMarshal.GetReference(offsets);
        ref int destination = ref MemoryMarshal.GetReference(output);
        uint length = (uint)codes.Length;
        for (nuint index = 0; index < (nuint)offsets.Length; index++)
        {
            uint offset = Unsafe.Add(ref offsetsRef, index);
            if (offset >= length)
                KernelThrow.OffsetOutOfRange(nameof(offsets), codes.Length);
            Unsafe.Add(ref destination, index) = Unsafe.Add(ref source, offset);
        }
    }

    /// <summary>The 32-bit codes at <paramref name="offsets"/>: <see cref="Gather{T}(ReadOnlySpan{T}, ReadOnlySpan{ushort}, Span{T})"/> of int.</summary>
    public static void GatherCodes(ReadOnlySpan<int> codes, ReadOnlySpan<ushort> offsets, Span<int> output) => Gather(codes, offsets, output);

    // ---- Compress: the dense-selection twin of Gather ----

    /// <summary>
    /// Writes the values whose bit is set in <paramref name="mask"/>, in row order, to the front of
    /// <paramref name="output"/> and returns how many: Gather for a selection held as a bitset. On AVX-512 it
    /// compresses a whole vector at a time (VPCOMPRESSD/Q into a register), so a dense selection costs about what a
    /// scan of the column costs; sparse words (and the other paths) walk the set bits.
    /// </summary>
    /// <param name="values">4- or 8-byte values (int, long, double).</param>
    /// <param name="mask">At least ceil(values.Length / 64) words; bits at or beyond <c>values.Length</c> are ignored.</param>
    /// <param name="output">
    /// At least as many elements as rows selected. Elements past the returned count may be overwritten with garbage
    /// (whole-vector stores while they fit); nothing beyond <c>output.Length</c> is touched.
    /// </param>
    /// <exception cref="ArgumentException">The mask or <paramref name="output"/> is too short.</exception>
    public static int Compress<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, Span<T> output)
        where T : unmanaged
        => Compress(values, mask, output, SimdSupport.Best);

    /// <summary>As <see cref="Compress{T}(ReadOnlySpan{T}, ReadOnlySpan{ulong}, Span{T})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static int Compress<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, Span<T> output, SimdPath path)
        where T : unmanaged
    {
        KernelVectors.RequireWordSized<T>();
        int words = KernelVectors.WordCount(values.Length);
        if (mask.Length < words)
            KernelThrow.MaskTooShort(nameof(mask), words, mask.Length);
        int fullWords = values.Length / KernelVectors.WordBits;
        int done = 0;
        nuint written = 0;
        if (path == SimdPath.Vector512)
            (done, written) = Compress512(values, mask, output, fullWords);
        return (int)CompressScalar(values, mask, output, done, written);
    }

    /// <summary>The scalar reference: words from <paramref name="firstWord"/> on, <paramref name="written"/> values already out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint CompressScalar<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, Span<T> output, int firstWord, nuint written)
        where T : unmanaged
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong maskRef = ref MemoryMarshal.GetReference(mask);
        ref T destination = ref MemoryMarshal.GetReference(output);
        nuint length = (nuint)values.Length;
        nuint capacity = (nuint)output.Length;
        for (nuint word = (nuint)firstWord; word * KernelVectors.WordBits < length; word++)
        {
            nuint index = word * KernelVectors.WordBits;
            nuint rows = length - index;
            ulong bits = Unsafe.Add(ref maskRef, word) & (rows >= KernelVectors.WordBits ? ulong.MaxValue : (1UL << (int)rows) - 1);
            if (written + (nuint)BitOperations.PopCount(bits) > capacity)
                KernelThrow.DestinationTooShort(nameof(output), (long)written + BitOperations.PopCount(bits), output.Length);
            for (; bits != 0; bits &= bits - 1)
                Unsafe.Add(ref destination, written++) = Unsafe.Add(ref source, index + (nuint)BitOperations.TrailingZeroCount(bits));
        }
        return written;
    }

    /// <summary>AVX-512: per 64-row word, 4 (4-byte values) or 8 (8-byte) register compresses and whole-vector stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Done, nuint Written) Compress512<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, Span<T> output, int fullWords)
        where T : unmanaged
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong maskRef = ref MemoryMarshal.GetReference(mask);
        ref T destination = ref MemoryMarshal.GetReference(output);
        nuint capacity = (nuint)output.Length;
        nuint count = (nuint)Vector512<T>.Count;
        nuint written = 0;
        nuint word = 0;
        for (; word < (nuint)fullWords; word++)
        {
            ulong bits = Unsafe.Add(ref maskRef, word);
            nuint index = word * KernelVectors.WordBits;
            // Stop before a whole-vector store could pass the end; the scalar loop finishes.
            if (written + KernelVectors.WordBits > capacity)
                break;
            if (BitOperations.PopCount(bits) <= (Unsafe.SizeOf<T>() == 4 ? KernelThresholds.CompressNarrowSparseWordBits : KernelThresholds.CompressWideSparseWordBits))
            {
                for (; bits != 0; bits &= bits - 1)
                    Unsafe.Add(ref destination, written++) = Unsafe.Add(ref source, index + (nuint)BitOperations.TrailingZeroCount(bits));
                continue;
            }
            for (nuint row = 0; row < KernelVectors.WordBits; row += count)
            {
                var selected = KernelVectors.LaneMask512<T>(bits >> (int)row);
                var v = Vector512.LoadUnsafe(ref source, index + row);
                if (Unsafe.SizeOf<T>() == 4)
                    Avx512F.Compress(Vector512<int>.Zero, selected.AsInt32(), v.AsInt32()).As<int, T>().StoreUnsafe(ref destination, written);
                else
                    Avx512F.Compress(Vector512<long>.Zero, selected.AsInt64(), v.AsInt64()).As<long, T>().StoreUnsafe(ref destination, written);
                written += (nuint)BitOperations.PopCount((bits >> (int)row) & ((1UL << (int)count) - 1));
            }
        }
        return ((int)word, written);
    }
}
