using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using PortraitDb.Internal;

namespace PortraitDb.Kernels;

/// <summary>
/// Filters over one column's values: a comparison with an operand, or an inclusive range, evaluated either over
/// every row into a bitset (bit i = row i) or over a sorted list of selected row offsets, which it narrows.
/// <para>
/// Element types are the 4- and 8-byte numbers the columns store: <see cref="int"/> (INT, DATE),
/// <see cref="long"/> (BIGINT, DECIMAL, TIMESTAMP) and <see cref="double"/> (any other 4- or 8-byte
/// <see cref="INumber{TSelf}"/> works too; other widths throw <see cref="NotSupportedException"/>). Doubles follow
/// IEEE: a NaN fails every comparison except <see cref="CompareOp.NotEqual"/>, and -0.0 equals +0.0.
/// </para>
/// <para>
/// Each operation has one driver per shape that branches once on the <see cref="SimdPath"/>: the bitset drivers
/// build a 64-row word from vector comparisons (VPCMP into a mask register, KMOV out, on AVX-512); the selection
/// drivers gather with AVX2 (Vector256 and Vector512; the Vector128 path is the scalar loop) and compress the
/// passing offsets. The scalar loop finishes every tail and is the reference the property tests compare against.
/// </para>
/// </summary>
internal static class ScanKernels
{
    /// <summary>
    /// Sets bit i of <paramref name="bits"/> iff <c>values[i] op operand</c>, for every i below
    /// <c>values.Length</c>, and returns the number of bits set.
    /// </summary>
    /// <param name="values">The column values; empty gives 0 and writes nothing.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="operand">The right-hand side.</param>
    /// <param name="bits">
    /// At least ceil(values.Length / 64) words. Exactly those words are written, whole: bits at or beyond
    /// <c>values.Length</c> in the last word are cleared, words after it are left alone.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="bits"/> is too short.</exception>
    public static int Compare<T>(ReadOnlySpan<T> values, CompareOp op, T operand, Span<ulong> bits)
        where T : unmanaged, INumber<T>
        => Compare(values, op, operand, bits, SimdSupport.Best);

    /// <summary>As <see cref="Compare{T}(ReadOnlySpan{T}, CompareOp, T, Span{ulong})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static int Compare<T>(ReadOnlySpan<T> values, CompareOp op, T operand, Span<ulong> bits, SimdPath path)
        where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case CompareOp.Equal: return Scan<T, EqualPredicate>(values, operand, operand, bits, path);
            case CompareOp.NotEqual: return Scan<T, NotEqualPredicate>(values, operand, operand, bits, path);
            case CompareOp.Less: return Scan<T, LessPredicate>(values, operand, operand, bits, path);
            case CompareOp.LessOrEqual: return Scan<T, LessOrEqualPredicate>(values, operand, operand, bits, path);
            case CompareOp.Greater: return Scan<T, GreaterPredicate>(values, operand, operand, bits, path);
            case CompareOp.GreaterOrEqual: return Scan<T, GreaterOrEqualPredicate>(values, operand, operand, bits, path);
            default:
                KernelThrow.UnknownOperator(op);
                return 0;
        }
    }

    /// <summary>
    /// Sets bit i of <paramref name="bits"/> iff <c>low &lt;= values[i] &lt;= high</c>, in one pass, and returns the
    /// number of bits set. An empty range (<c>low &gt; high</c>, or a NaN bound) sets nothing; a NaN value never passes.
    /// </summary>
    /// <param name="values">The column values; empty gives 0 and writes nothing.</param>
    /// <param name="low">The inclusive lower bound.</param>
    /// <param name="high">The inclusive upper bound.</param>
    /// <param name="bits">As for <see cref="Compare{T}(ReadOnlySpan{T}, CompareOp, T, Span{ulong})"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="bits"/> is too short.</exception>
    public static int Between<T>(ReadOnlySpan<T> values, T low, T high, Span<ulong> bits)
        where T : unmanaged, INumber<T>
        => Scan<T, BetweenPredicate>(values, low, high, bits, SimdSupport.Best);

    /// <summary>As <see cref="Between{T}(ReadOnlySpan{T}, T, T, Span{ulong})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static int Between<T>(ReadOnlySpan<T> values, T low, T high, Span<ulong> bits, SimdPath path)
        where T : unmanaged, INumber<T>
        => Scan<T, BetweenPredicate>(values, low, high, bits, path);

    /// <summary>
    /// Keeps the offsets whose value passes <c>values[offset] op operand</c>: writes them, in their input order, to the
    /// front of <paramref name="passed"/> and returns how many.
    /// </summary>
    /// <param name="values">The column values the offsets index.</param>
    /// <param name="offsets">Row offsets, each below <c>values.Length</c>; sorted ascending in practice (the order is kept, not required). Empty gives 0.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="operand">The right-hand side.</param>
    /// <param name="passed">
    /// At least <c>offsets.Length</c> elements; may be the same memory as <paramref name="offsets"/> (in-place
    /// filtering), but must not overlap it otherwise. Elements from the returned count up to <c>offsets.Length</c>
    /// may be overwritten with garbage; nothing beyond is touched.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="passed"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An offset is at or beyond <c>values.Length</c>.</exception>
    public static int CompareSelected<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, CompareOp op, T operand, Span<ushort> passed)
        where T : unmanaged, INumber<T>
        => CompareSelected(values, offsets, op, operand, passed, SimdSupport.Best);

    /// <summary>As <see cref="CompareSelected{T}(ReadOnlySpan{T}, ReadOnlySpan{ushort}, CompareOp, T, Span{ushort})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static int CompareSelected<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, CompareOp op, T operand, Span<ushort> passed, SimdPath path)
        where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case CompareOp.Equal: return ScanSelected<T, EqualPredicate>(values, offsets, operand, operand, passed, path);
            case CompareOp.NotEqual: return ScanSelected<T, NotEqualPredicate>(values, offsets, operand, operand, passed, path);
            case CompareOp.Less: return ScanSelected<T, LessPredicate>(values, offsets, operand, operand, passed, path);
            case CompareOp.LessOrEqual: return ScanSelected<T, LessOrEqualPredicate>(values, offsets, operand, operand, passed, path);
            case CompareOp.Greater: return ScanSelected<T, GreaterPredicate>(values, offsets, operand, operand, passed, path);
            case CompareOp.GreaterOrEqual: return ScanSelected<T, GreaterOrEqualPredicate>(values, offsets, operand, operand, passed, path);
            default:
                KernelThrow.UnknownOperator(op);
                return 0;
        }
    }

    /// <summary>
    /// Keeps the offsets whose value lies in <c>[low, high]</c>; the contract of
    /// <see cref="CompareSelected{T}(ReadOnlySpan{T}, ReadOnlySpan{ushort}, CompareOp, T, Span{ushort})"/>
    /// and the range rules of <see cref="Between{T}(ReadOnlySpan{T}, T, T, Span{ulong})"/>.
    /// </summary>
    public static int BetweenSelected<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, T low, T high, Span<ushort> passed)
        where T : unmanaged, INumber<T>
        => ScanSelected<T, BetweenPredicate>(values, offsets, low, high, passed, SimdSupport.Best);

    /// <summary>As <see cref="BetweenSelected{T}(ReadOnlySpan{T}, ReadOnlySpan{ushort}, T, T, Span{ushort})"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static int BetweenSelected<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, T low, T high, Span<ushort> passed, SimdPath path)
        where T : unmanaged, INumber<T>
        => ScanSelected<T, BetweenPredicate>(values, offsets, low, high, passed, path);

    // ---- Bitset driver ----
    // One method per path, so that each loop gets the registers to itself (one method holding every path spills its
    // counters to the stack). All fully optimised from the first call (see BitsetKernels): the first query after
    // start-up must not run tier-0 vector code.

    private static int Scan<T, TPredicate>(ReadOnlySpan<T> values, T first, T second, Span<ulong> bits, SimdPath path)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        KernelVectors.RequireWordSized<T>();
        int wordCount = KernelVectors.WordCount(values.Length);
        if (bits.Length < wordCount)
            KernelThrow.DestinationTooShort(nameof(bits), wordCount, bits.Length);
        int fullWords = values.Length / KernelVectors.WordBits;
        nuint count = path switch
        {
            SimdPath.Vector512 => Scan512<T, TPredicate>(values, first, second, bits, fullWords),
            SimdPath.Vector256 => Scan256<T, TPredicate>(values, first, second, bits, fullWords),
            SimdPath.Vector128 => Scan128<T, TPredicate>(values, first, second, bits, fullWords),
            _ => 0,
        };
        int done = path == SimdPath.Scalar ? 0 : fullWords;
        return (int)(count + ScanScalar<T, TPredicate>(values, first, second, bits, done));
    }

    /// <summary>The scalar reference: words from <paramref name="firstWord"/> on, the partial last one included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint ScanScalar<T, TPredicate>(ReadOnlySpan<T> values, T first, T second, Span<ulong> bits, int firstWord)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong destination = ref MemoryMarshal.GetReference(bits);
        nuint length = (nuint)values.Length;
        nuint count = 0;
        for (nuint word = (nuint)firstWord; word * KernelVectors.WordBits < length; word++)
        {
            nuint index = word * KernelVectors.WordBits;
            int rows = (int)Math.Min(KernelVectors.WordBits, length - index);
            ulong bitsWord = 0;
            for (int bit = 0; bit < rows; bit++)
                bitsWord |= (TPredicate.Invoke(Unsafe.Add(ref source, index + (nuint)bit), first, second) ? 1UL : 0UL) << bit;
            Unsafe.Add(ref destination, word) = bitsWord;
            count += KernelVectors.PopCount(bitsWord);
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint Scan512<T, TPredicate>(ReadOnlySpan<T> values, T first, T second, Span<ulong> bits, int fullWords)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong destination = ref MemoryMarshal.GetReference(bits);
        var a = Vector512.Create(first);
        var b = Vector512.Create(second);
        nuint count = 0;
        for (nuint word = 0; word < (nuint)fullWords; word++)
        {
            nuint index = word * KernelVectors.WordBits;
            ulong bitsWord = Bits16<T, TPredicate>(ref source, index, a, b)
                | (Bits16<T, TPredicate>(ref source, index + 16, a, b) << 16)
                | (Bits16<T, TPredicate>(ref source, index + 32, a, b) << 32)
                | (Bits16<T, TPredicate>(ref source, index + 48, a, b) << 48);
            Unsafe.Add(ref destination, word) = bitsWord;
            count += KernelVectors.PopCount(bitsWord);
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint Scan256<T, TPredicate>(ReadOnlySpan<T> values, T first, T second, Span<ulong> bits, int fullWords)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong destination = ref MemoryMarshal.GetReference(bits);
        var a = Vector256.Create(first);
        var b = Vector256.Create(second);
        nuint count = 0;
        for (nuint word = 0; word < (nuint)fullWords; word++)
        {
            nuint index = word * KernelVectors.WordBits;
            ulong bitsWord = Bits16<T, TPredicate>(ref source, index, a, b)
                | (Bits16<T, TPredicate>(ref source, index + 16, a, b) << 16)
                | (Bits16<T, TPredicate>(ref source, index + 32, a, b) << 32)
                | (Bits16<T, TPredicate>(ref source, index + 48, a, b) << 48);
            Unsafe.Add(ref destination, word) = bitsWord;
            count += KernelVectors.PopCount(bitsWord);
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint Scan128<T, TPredicate>(ReadOnlySpan<T> values, T first, T second, Span<ulong> bits, int fullWords)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong destination = ref MemoryMarshal.GetReference(bits);
        var a = Vector128.Create(first);
        var b = Vector128.Create(second);
        nuint count = 0;
        for (nuint word = 0; word < (nuint)fullWords; word++)
        {
            nuint index = word * KernelVectors.WordBits;
            ulong bitsWord = Bits16<T, TPredicate>(ref source, index, a, b)
                | (Bits16<T, TPredicate>(ref source, index + 16, a, b) << 16)
                | (Bits16<T, TPredicate>(ref source, index + 32, a, b) << 32)
                | (Bits16<T, TPredicate>(ref source, index + 48, a, b) << 48);
            Unsafe.Add(ref destination, word) = bitsWord;
            count += KernelVectors.PopCount(bitsWord);
        }
        return count;
    }
    /// <summary>The predicate's result for the 16 rows from <paramref name="index"/> as 16 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits16<T, TPredicate>(ref T source, nuint index, Vector512<T> a, Vector512<T> b)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        if (Vector512<T>.Count == 16)
            return Vector512.ExtractMostSignificantBits(TPredicate.Invoke(Vector512.LoadUnsafe(ref source, index), a, b));
        return Vector512.ExtractMostSignificantBits(TPredicate.Invoke(Vector512.LoadUnsafe(ref source, index), a, b))
            | (Vector512.ExtractMostSignificantBits(TPredicate.Invoke(Vector512.LoadUnsafe(ref source, index + 8), a, b)) << 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits16<T, TPredicate>(ref T source, nuint index, Vector256<T> a, Vector256<T> b)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        if (Vector256<T>.Count == 8)
        {
            return Vector256.ExtractMostSignificantBits(TPredicate.Invoke(Vector256.LoadUnsafe(ref source, index), a, b))
                | ((ulong)Vector256.ExtractMostSignificantBits(TPredicate.Invoke(Vector256.LoadUnsafe(ref source, index + 8), a, b)) << 8);
        }
        return Vector256.ExtractMostSignificantBits(TPredicate.Invoke(Vector256.LoadUnsafe(ref source, index), a, b))
            | ((ulong)Vector256.ExtractMostSignificantBits(TPredicate.Invoke(Vector256.LoadUnsafe(ref source, index + 4), a, b)) << 4)
            | ((ulong)Vector256.ExtractMostSignificantBits(TPredicate.Invoke(Vector256.LoadUnsafe(ref source, index + 8), a, b)) << 8)
            | ((ulong)Vector256.ExtractMostSignificantBits(TPredicate.Invoke(Vector256.LoadUnsafe(ref source, index + 12), a, b)) << 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits16<T, TPredicate>(ref T source, nuint index, Vector128<T> a, Vector128<T> b)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        if (Vector128<T>.Count == 4)
        {
            return Vector128.ExtractMostSignificantBits(TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index), a, b))
                | ((ulong)Vector128.ExtractMostSignificantBits(TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 4), a, b)) << 4)
                | ((ulong)Vector128.ExtractMostSignificantBits(TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 8), a, b)) << 8)
                | ((ulong)Vector128.ExtractMostSignificantBits(TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 12), a, b)) << 12);
        }
        // Two lanes per vector: narrow pairs of 64-bit masks to 32-bit lanes first, so one MOVMSKPS yields four rows.
        var m0 = Vector128.Narrow(TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index), a, b).AsInt64(), TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 2), a, b).AsInt64());
        var m1 = Vector128.Narrow(TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 4), a, b).AsInt64(), TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 6), a, b).AsInt64());
        var m2 = Vector128.Narrow(TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 8), a, b).AsInt64(), TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 10), a, b).AsInt64());
        var m3 = Vector128.Narrow(TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 12), a, b).AsInt64(), TPredicate.Invoke(Vector128.LoadUnsafe(ref source, index + 14), a, b).AsInt64());
        return Vector128.ExtractMostSignificantBits(m0)
            | ((ulong)Vector128.ExtractMostSignificantBits(m1) << 4)
            | ((ulong)Vector128.ExtractMostSignificantBits(m2) << 8)
            | ((ulong)Vector128.ExtractMostSignificantBits(m3) << 12);
    }

    // ---- Selection driver ----
    // Vector loops store a whole vector of offsets at the write position, which never passes the read position plus
    // one vector, so writing in place over the offsets is safe: what is overwritten has already been read. Every
    // offset is below 65,536, so a segment's full column (65,536 values) needs no bounds check on the gathers.

    private static int ScanSelected<T, TPredicate>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, T first, T second, Span<ushort> passed, SimdPath path)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        KernelVectors.RequireWordSized<T>();
        if (passed.Length < offsets.Length)
            KernelThrow.DestinationTooShort(nameof(passed), offsets.Length, passed.Length);
        int vectorEnd = 0;
        nuint written = 0;
        if (path == SimdPath.Vector512)
        {
            int width = Unsafe.SizeOf<T>() == 4 ? 16 : 8;
            vectorEnd = offsets.Length - (offsets.Length % width);
            written = Unsafe.SizeOf<T>() == 4
                ? Selected512Narrow<T, TPredicate>(values, offsets[..vectorEnd], first, second, passed)
                : Selected512Wide<T, TPredicate>(values, offsets[..vectorEnd], first, second, passed);
        }
        else if (path == SimdPath.Vector256)
        {
            vectorEnd = offsets.Length - (offsets.Length % 8);
            written = Selected256<T, TPredicate>(values, offsets[..vectorEnd], first, second, passed);
        }
        // The Vector128 path is the scalar loop: there is no gather before AVX2.
        return (int)SelectedScalar<T, TPredicate>(values, offsets, first, second, passed, vectorEnd, written);
    }

    /// <summary>The scalar reference, from offset index <paramref name="start"/> with <paramref name="written"/> already kept. Branch-free: always store, advance on a pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint SelectedScalar<T, TPredicate>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, T first, T second, Span<ushort> passed, int start, nuint written)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ushort offsetsRef = ref MemoryMarshal.GetReference(offsets);
        ref ushort passedRef = ref MemoryMarshal.GetReference(passed);
        uint length = (uint)values.Length;
        for (nuint index = (nuint)start; index < (nuint)offsets.Length; index++)
        {
            ushort offset = Unsafe.Add(ref offsetsRef, index);
            if (offset >= length)
                KernelThrow.OffsetOutOfRange(nameof(offsets), values.Length);
            Unsafe.Add(ref passedRef, written) = offset;
            written += TPredicate.Invoke(Unsafe.Add(ref source, offset), first, second) ? 1u : 0u;
        }
        return written;
    }

    /// <summary>
    /// Asks for the values of the offsets <see cref="KernelThresholds.GatherPrefetchDistance"/> ahead: sorted offsets
    /// with random gaps defeat the hardware prefetcher, and without this a cold gather waits on one miss after another.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchAhead<T>(T* source, ref ushort offsetsRef, nuint index, nuint step, nuint length)
        where T : unmanaged
    {
        nuint ahead = index + KernelThresholds.GatherPrefetchDistance;
        if (ahead + step > length)
            return;
        for (nuint next = ahead; next < ahead + step; next++)
            Sse.Prefetch0(source + Unsafe.Add(ref offsetsRef, next));
    }

    /// <summary>4-byte values, 16 offsets a step: two AVX2 gathers, one compare into a mask register, VPCOMPRESSD of the widened offsets, VPMOVDW.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe nuint Selected512Narrow<T, TPredicate>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, T first, T second, Span<ushort> passed)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        ref ushort offsetsRef = ref MemoryMarshal.GetReference(offsets);
        ref ushort passedRef = ref MemoryMarshal.GetReference(passed);
        var a = Vector512.Create(first);
        var b = Vector512.Create(second);
        var limit = Vector512.Create(values.Length);
        bool checkBounds = values.Length <= ushort.MaxValue;
        nuint written = 0;
        fixed (T* source = values)
        {
            for (nuint index = 0; index < (nuint)offsets.Length; index += 16)
            {
                PrefetchAhead(source, ref offsetsRef, index, 16, (nuint)offsets.Length);
                var indices = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref offsetsRef, index));
                if (checkBounds && Vector512.GreaterThanOrEqualAny(indices, limit))
                    KernelThrow.OffsetOutOfRange(nameof(offsets), values.Length);
                var pass = TPredicate.Invoke(KernelVectors.Gather512(source, indices), a, b).AsInt32();
                // VPCOMPRESSD into a register, then a plain store: the memory form of VPCOMPRESS is microcoded on Zen 4.
                var packed = Avx512F.Compress(Vector512<int>.Zero, pass, indices);
                Avx512F.ConvertToVector256UInt16(packed.AsUInt32()).StoreUnsafe(ref passedRef, written);
                written += KernelVectors.PopCount(Vector512.ExtractMostSignificantBits(pass));
            }
        }
        return written;
    }

    /// <summary>8-byte values, 8 offsets a step: two AVX2 gathers, one 512-bit compare, a table-driven PSHUFB compress.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe nuint Selected512Wide<T, TPredicate>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, T first, T second, Span<ushort> passed)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        ref ushort offsetsRef = ref MemoryMarshal.GetReference(offsets);
        ref ushort passedRef = ref MemoryMarshal.GetReference(passed);
        ref byte controls = ref MemoryMarshal.GetReference(KernelVectors.CompressControls);
        var a = Vector512.Create(first);
        var b = Vector512.Create(second);
        var limit = Vector256.Create(values.Length);
        bool checkBounds = values.Length <= ushort.MaxValue;
        nuint written = 0;
        fixed (T* source = values)
        {
            for (nuint index = 0; index < (nuint)offsets.Length; index += 8)
            {
                PrefetchAhead(source, ref offsetsRef, index, 8, (nuint)offsets.Length);
                var offsets8 = Vector128.LoadUnsafe(ref offsetsRef, index);
                var indices = Avx2.ConvertToVector256Int32(offsets8);
                if (checkBounds && Vector256.GreaterThanOrEqualAny(indices, limit))
                    KernelThrow.OffsetOutOfRange(nameof(offsets), values.Length);
                uint mask = (uint)Vector512.ExtractMostSignificantBits(TPredicate.Invoke(KernelVectors.Gather512(source, indices), a, b));
                KernelVectors.CompressStore8(offsets8, mask, ref controls, ref Unsafe.Add(ref passedRef, written));
                written += (nuint)BitOperations.PopCount(mask);
            }
        }
        return written;
    }

    /// <summary>AVX2: 8 offsets a step, one (4-byte) or two (8-byte) gathers and compares, a table-driven PSHUFB compress.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe nuint Selected256<T, TPredicate>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, T first, T second, Span<ushort> passed)
        where T : unmanaged, INumber<T>
        where TPredicate : struct, IScanPredicate
    {
        ref ushort offsetsRef = ref MemoryMarshal.GetReference(offsets);
        ref ushort passedRef = ref MemoryMarshal.GetReference(passed);
        ref byte controls = ref MemoryMarshal.GetReference(KernelVectors.CompressControls);
        var a = Vector256.Create(first);
        var b = Vector256.Create(second);
        var limit = Vector256.Create(values.Length);
        bool checkBounds = values.Length <= ushort.MaxValue;
        nuint written = 0;
        fixed (T* source = values)
        {
            for (nuint index = 0; index < (nuint)offsets.Length; index += 8)
            {
                PrefetchAhead(source, ref offsetsRef, index, 8, (nuint)offsets.Length);
                var offsets8 = Vector128.LoadUnsafe(ref offsetsRef, index);
                var indices = Avx2.ConvertToVector256Int32(offsets8);
                if (checkBounds && Vector256.GreaterThanOrEqualAny(indices, limit))
                    KernelThrow.OffsetOutOfRange(nameof(offsets), values.Length);
                uint mask = Unsafe.SizeOf<T>() == 4
                    ? Vector256.ExtractMostSignificantBits(TPredicate.Invoke(KernelVectors.Gather256(source, indices), a, b))
                    : Vector256.ExtractMostSignificantBits(TPredicate.Invoke(KernelVectors.Gather256(source, indices.GetLower()), a, b))
                        | (Vector256.ExtractMostSignificantBits(TPredicate.Invoke(KernelVectors.Gather256(source, indices.GetUpper()), a, b)) << 4);
                KernelVectors.CompressStore8(offsets8, mask, ref controls, ref Unsafe.Add(ref passedRef, written));
                written += (nuint)BitOperations.PopCount(mask);
            }
        }
        return written;
    }
}
