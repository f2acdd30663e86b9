using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Internal;

namespace PortraitDb.Kernels;

/// <summary>
/// Conversions between the two forms of a selection within one segment: a bitset of up to 1024 words (bit i = row
/// offset i) and a sorted list of <see cref="ushort"/> row offsets; and the AND of two bitsets.
/// </summary>
internal static class SelectionKernels
{
    /// <summary>Words in a full segment's bitset (65,536 rows).</summary>
    public const int SegmentWords = 1024;

    /// <summary>
    /// Writes the position of every set bit of <paramref name="bits"/>, ascending, to the front of
    /// <paramref name="offsets"/> and returns how many.
    /// <para>
    /// Paths: Vector512 with AVX-512 VBMI2 compresses 32 offsets at a time (VPCOMPRESSW into a register, then a
    /// plain store); Vector256, Vector128 and Vector512 without VBMI2 look each byte of the bitset up in a table of
    /// eight positions and store them whole; scalar walks the set bits with TZCNT. Every path skips zero words, and
    /// the vector paths also walk sparse words (<see cref="KernelThresholds.CompressSparseWordBits"/>,
    /// <see cref="KernelThresholds.TableSparseWordBits"/>) with TZCNT.
    /// </para>
    /// </summary>
    /// <param name="bits">At most <see cref="SegmentWords"/> words; empty gives 0.</param>
    /// <param name="offsets">
    /// At least the population count of <paramref name="bits"/> elements. Elements past the returned count may be
    /// overwritten with garbage (the vector paths store whole vectors while they fit); nothing beyond
    /// <c>offsets.Length</c> is touched.
    /// </param>
    /// <exception cref="ArgumentException">More than 1024 words, or <paramref name="offsets"/> too short.</exception>
    public static int BitsToOffsets(ReadOnlySpan<ulong> bits, Span<ushort> offsets) => BitsToOffsets(bits, offsets, SimdSupport.Best);

    /// <summary>As <see cref="BitsToOffsets(ReadOnlySpan{ulong}, Span{ushort})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static int BitsToOffsets(ReadOnlySpan<ulong> bits, Span<ushort> offsets, SimdPath path)
    {
        if (bits.Length > SegmentWords)
            KernelThrow.TooManyRows(nameof(bits), SegmentWords * KernelVectors.WordBits);
        if (path == SimdPath.Vector512 && Avx512Vbmi2.IsSupported)
            return BitsToOffsetsCompress(bits, offsets);
        if (path != SimdPath.Scalar)
            return BitsToOffsetsTable(bits, offsets);
        return (int)BitsToOffsetsScalar(bits, offsets, 0, 0);
    }

    /// <summary>Words with at most this many bits are walked with TZCNT even on the vector paths (measured: see the benchmarks).</summary>
    public const int SparseWordBits = 16;

    /// <summary>The scalar reference: words from <paramref name="firstWord"/> on, <paramref name="written"/> offsets already out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint BitsToOffsetsScalar(ReadOnlySpan<ulong> bits, Span<ushort> offsets, int firstWord, nuint written)
    {
        ref ulong source = ref MemoryMarshal.GetReference(bits);
        ref ushort destination = ref MemoryMarshal.GetReference(offsets);
        nuint capacity = (nuint)offsets.Length;
        for (nuint word = (nuint)firstWord; word < (nuint)bits.Length; word++)
        {
            ulong value = Unsafe.Add(ref source, word);
            if (value == 0)
                continue;
            if (written + KernelVectors.PopCount(value) > capacity)
                ThrowTooShort(bits, offsets);
            written = WalkBits(value, (ushort)(word * KernelVectors.WordBits), ref destination, written);
        }
        return written;
    }

    /// <summary>Writes the positions of the set bits of <paramref name="value"/> plus <paramref name="baseOffset"/>; the caller checked the capacity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint WalkBits(ulong value, ushort baseOffset, ref ushort destination, nuint written)
    {
        do
        {
            Unsafe.Add(ref destination, written++) = (ushort)(baseOffset + BitOperations.TrailingZeroCount(value));
            value &= value - 1;
        }
        while (value != 0);
        return written;
    }

    /// <summary>
    /// <see cref="WalkBits"/> for a word of at most 8 set bits (the sparse-word thresholds are below that), without a
    /// branch per bit: eight positions are written whatever the count (those past it are overwritten later or lie past
    /// the end), so a varying count costs no mispredicted loop exit. The caller leaves room for 8 more offsets.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint WalkFewBits(ulong value, ushort baseOffset, ref ushort destination, nuint written)
    {
        Debug.Assert(BitOperations.PopCount(value) <= 8);
        ref ushort target = ref Unsafe.Add(ref destination, written);
        nuint count = (nuint)BitOperations.PopCount(value);
        for (int index = 0; index < 8; index++)
        {
            Unsafe.Add(ref target, index) = (ushort)(baseOffset + BitOperations.TrailingZeroCount(value));
            value &= value - 1;
        }
        return written + count;
    }

    /// <summary>AVX-512 VBMI2: per half word, the 32 lane offsets compressed by the 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BitsToOffsetsCompress(ReadOnlySpan<ulong> bits, Span<ushort> offsets)
    {
        ref ulong source = ref MemoryMarshal.GetReference(bits);
        ref ushort destination = ref MemoryMarshal.GetReference(offsets);
        // Lane i of the lower half tests bit i of the low 16 bits, of the upper half bit i of the high 16 bits.
        var select = Vector512.Create(
            (ushort)1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768,
            1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
        var lanes = Vector512<ushort>.Indices;
        nuint capacity = (nuint)offsets.Length;
        nuint written = 0;
        nuint word = 0;
        for (; word < (nuint)bits.Length; word++)
        {
            ulong value = Unsafe.Add(ref source, word);
            if (value == 0)
                continue;
            // Stop before a store could pass the end; the scalar loop finishes (it only happens near a full destination).
            if (written + 64 > capacity)
                break;
            ushort baseOffset = (ushort)(word * KernelVectors.WordBits);
            if (BitOperations.PopCount(value) <= KernelThresholds.CompressSparseWordBits)
            {
                written = WalkFewBits(value, baseOffset, ref destination, written);
                continue;
            }
            uint low = (uint)value;
            var lowMask = Vector512.Equals(Vector512.Create(Vector256.Create((ushort)low), Vector256.Create((ushort)(low >> 16))) & select, select);
            Avx512Vbmi2.Compress(Vector512<ushort>.Zero, lowMask, lanes + Vector512.Create(baseOffset)).StoreUnsafe(ref destination, written);
            written += (nuint)BitOperations.PopCount(low);
            uint high = (uint)(value >> 32);
            var highMask = Vector512.Equals(Vector512.Create(Vector256.Create((ushort)high), Vector256.Create((ushort)(high >> 16))) & select, select);
            Avx512Vbmi2.Compress(Vector512<ushort>.Zero, highMask, lanes + Vector512.Create((ushort)(baseOffset + 32))).StoreUnsafe(ref destination, written);
            written += (nuint)BitOperations.PopCount(high);
        }
        return (int)BitsToOffsetsScalar(bits, offsets, (int)word, written);
    }

    /// <summary>Without VBMI2: each byte's eight positions from a table, plus the byte's base, stored whole.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BitsToOffsetsTable(ReadOnlySpan<ulong> bits, Span<ushort> offsets)
    {
        ref ulong source = ref MemoryMarshal.GetReference(bits);
        ref ushort destination = ref MemoryMarshal.GetReference(offsets);
        ref ushort positions = ref MemoryMarshal.GetReference(KernelVectors.BytePositions);
        nuint capacity = (nuint)offsets.Length;
        nuint written = 0;
        nuint word = 0;
        for (; word < (nuint)bits.Length; word++)
        {
            ulong value = Unsafe.Add(ref source, word);
            if (value == 0)
                continue;
            if (written + 64 > capacity)
                break;
            ushort baseOffset = (ushort)(word * KernelVectors.WordBits);
            if (BitOperations.PopCount(value) <= KernelThresholds.TableSparseWordBits)
            {
                written = WalkFewBits(value, baseOffset, ref destination, written);
                continue;
            }
            var byteBase = Vector128.Create(baseOffset);
            var eight = Vector128.Create((ushort)8);
            for (int shift = 0; shift < 64; shift += 8)
            {
                uint eightBits = (uint)(value >> shift) & 0xFF;
                (Vector128.LoadUnsafe(ref positions, (nuint)eightBits * 8) + byteBase).StoreUnsafe(ref destination, written);
                written += (nuint)BitOperations.PopCount(eightBits);
                byteBase += eight;
            }
        }
        return (int)BitsToOffsetsScalar(bits, offsets, (int)word, written);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooShort(ReadOnlySpan<ulong> bits, Span<ushort> offsets) =>
        KernelThrow.DestinationTooShort(nameof(offsets), BitsetKernels.PopCount(bits), offsets.Length);

    /// <summary>
    /// Clears <paramref name="bits"/> and sets bit <c>offset</c> for every offset. Scalar: a run of offsets in
    /// the same word is ORed in a register and stored once, so sorted input (the usual case) makes one store per
    /// touched word and no store-to-load chain.
    /// </summary>
    /// <param name="offsets">Row offsets, each below <c>bits.Length * 64</c>; any order (sorted is fastest), duplicates allowed. Empty clears only.</param>
    /// <param name="bits">The bitset; every word is written (cleared, then the bits set).</param>
    /// <exception cref="ArgumentOutOfRangeException">An offset is at or beyond <c>bits.Length * 64</c>; <paramref name="bits"/> is then left partly written.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OffsetsToBits(ReadOnlySpan<ushort> offsets, Span<ulong> bits)
    {
        bits.Clear();
        if (offsets.IsEmpty)
            return;
        ref ushort source = ref MemoryMarshal.GetReference(offsets);
        ref ulong destination = ref MemoryMarshal.GetReference(bits);
        uint wordLimit = (uint)bits.Length;
        uint current = (uint)Unsafe.Add(ref source, 0) >> 6;
        ulong accumulated = 0;
        for (nuint index = 0; index < (nuint)offsets.Length; index++)
        {
            uint offset = Unsafe.Add(ref source, index);
            uint word = offset >> 6;
            if (word != current)
            {
                if (current >= wordLimit)
                    KernelThrow.OffsetOutOfRange(nameof(offsets), bits.Length * KernelVectors.WordBits);
                Unsafe.Add(ref destination, current) |= accumulated;
                accumulated = 0;
                current = word;
            }
            accumulated |= 1UL << (int)offset;
        }
        if (current >= wordLimit)
            KernelThrow.OffsetOutOfRange(nameof(offsets), bits.Length * KernelVectors.WordBits);
        Unsafe.Add(ref destination, current) |= accumulated;
    }

    /// <summary>
    /// Stores <c>left AND right</c> into <paramref name="destination"/> (which may be either input) and returns its
    /// population count, in one pass (<see cref="BitsetKernels.BinaryStore{TOperator}(ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, Span{ulong}, SimdPath)"/>).
    /// </summary>
    /// <param name="left">The first bitset; its length is the number of words processed (empty gives 0).</param>
    /// <param name="right">At least as long as <paramref name="left"/>.</param>
    /// <param name="destination">At least as long as <paramref name="left"/>; only the first <c>left.Length</c> words are written.</param>
    /// <exception cref="ArgumentException"><paramref name="right"/> or <paramref name="destination"/> too short.</exception>
    public static int AndBits(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> destination) => AndBits(left, right, destination, SimdSupport.Best);

    /// <summary>As <see cref="AndBits(ReadOnlySpan{ulong}, ReadOnlySpan{ulong}, Span{ulong})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static int AndBits(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> destination, SimdPath path)
    {
        if (right.Length < left.Length)
            KernelThrow.LengthMismatch(nameof(right), left.Length, right.Length);
        if (destination.Length < left.Length)
            KernelThrow.DestinationTooShort(nameof(destination), left.Length, destination.Length);
        return (int)BitsetKernels.BinaryStore<AndOperator>(left, right, destination, path);
    }
}
