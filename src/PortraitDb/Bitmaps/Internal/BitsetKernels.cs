using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using PortraitDb.Internal;

namespace PortraitDb.Bitmaps.Internal;

/// <summary>
/// Word-wise kernels over bitsets (spans of <see cref="ulong"/>), with the population count fused into the
/// same pass. Each shape has one driver that branches once on the path, runs the widest vector loop, and
/// finishes the tail with the scalar loop, which is also the reference the property tests compare against.
/// Vector population counts use the nibble-lookup method (a byte shuffle) summed by SAD, since .NET exposes
/// no VPOPCNTQ.
/// </summary>
internal static class BitsetKernels
{
    /// <summary>Population count of <paramref name="words"/>.</summary>
    public static long PopCount(ReadOnlySpan<ulong> words) => PopCount(words, SimdSupport.Best);

    /// <summary>Population count of <c>left OP right</c>, word by word, without storing it.</summary>
    public static long BinaryPopCount<TOperator>(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right)
        where TOperator : struct, IBitwiseOperator
        => BinaryPopCount<TOperator>(left, right, SimdSupport.Best);

    /// <summary>Stores <c>left OP right</c> into <paramref name="destination"/> (which may be <paramref name="left"/>) and returns its population count.</summary>
    public static long BinaryStore<TOperator>(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> destination)
        where TOperator : struct, IBitwiseOperator
        => BinaryStore<TOperator>(left, right, destination, SimdSupport.Best);

    /// <summary>Stores <c>left OP right</c> without counting (lazy unions count once at the end).</summary>
    public static void BinaryStoreNoCount<TOperator>(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> destination)
        where TOperator : struct, IBitwiseOperator
        => BinaryStoreNoCount<TOperator>(left, right, destination, SimdSupport.Best);

    /// <summary>
    /// Population count of the AND of all <paramref name="inputs"/> (at least one whole bitset each), streaming the
    /// lines of <paramref name="upcoming"/> (the next key's bitsets) in behind them (see <see cref="ReadAhead"/>).
    /// </summary>
    public static long AndManyPopCount(ReadOnlySpan<ulong[]> inputs, ReadOnlySpan<ulong[]> upcoming)
        => AndManyPopCount(inputs, RoaringConstants.BitsetWords, SimdSupport.Best, upcoming);

    /// <summary>Stores the AND of all <paramref name="inputs"/> into <paramref name="destination"/> and returns its population count.</summary>
    public static long AndManyStore(ReadOnlySpan<ulong[]> inputs, Span<ulong> destination) => AndManyStore(inputs, destination, SimdSupport.Best);

    // ---- Drivers with an explicit path (tests run every path) ----
    // Fully optimised from the first call: a tier-0 vector loop is tens of times slower, and the first
    // query after start-up is the one a user waits for.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long PopCount(ReadOnlySpan<ulong> words, SimdPath path)
    {
        ref ulong source = ref MemoryMarshal.GetReference(words);
        nuint length = (nuint)words.Length;
        nuint index = 0;
        long count = 0;
        if (path == SimdPath.Vector512 && length >= (nuint)Vector512<ulong>.Count)
        {
            var sums = Vector512<ulong>.Zero;
            for (; index + 32 <= length; index += 32)
            {
                var bytes = PopCountBytes(Vector512.LoadUnsafe(ref source, index).AsByte())
                    + PopCountBytes(Vector512.LoadUnsafe(ref source, index + 8).AsByte())
                    + PopCountBytes(Vector512.LoadUnsafe(ref source, index + 16).AsByte())
                    + PopCountBytes(Vector512.LoadUnsafe(ref source, index + 24).AsByte());
                sums += SumBytes(bytes);
            }
            for (; index + 8 <= length; index += 8)
                sums += SumBytes(PopCountBytes(Vector512.LoadUnsafe(ref source, index).AsByte()));
            count = (long)Vector512.Sum(sums);
        }
        else if (path == SimdPath.Vector256 && length >= (nuint)Vector256<ulong>.Count)
        {
            var sums = Vector256<ulong>.Zero;
            for (; index + 16 <= length; index += 16)
            {
                var bytes = PopCountBytes(Vector256.LoadUnsafe(ref source, index).AsByte())
                    + PopCountBytes(Vector256.LoadUnsafe(ref source, index + 4).AsByte())
                    + PopCountBytes(Vector256.LoadUnsafe(ref source, index + 8).AsByte())
                    + PopCountBytes(Vector256.LoadUnsafe(ref source, index + 12).AsByte());
                sums += SumBytes(bytes);
            }
            for (; index + 4 <= length; index += 4)
                sums += SumBytes(PopCountBytes(Vector256.LoadUnsafe(ref source, index).AsByte()));
            count = (long)Vector256.Sum(sums);
        }
        else if (path == SimdPath.Vector128 && length >= (nuint)Vector128<ulong>.Count)
        {
            var sums = Vector128<ulong>.Zero;
            for (; index + 2 <= length; index += 2)
                sums += SumBytes(PopCountBytes(Vector128.LoadUnsafe(ref source, index).AsByte()));
            count = (long)Vector128.Sum(sums);
        }
        for (; index < length; index++)
            count += BitOperations.PopCount(Unsafe.Add(ref source, index));
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long BinaryPopCount<TOperator>(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, SimdPath path, ReadAhead ahead = default)
        where TOperator : struct, IBitwiseOperator
    {
        Debug.Assert(right.Length >= left.Length);
        ref ulong l = ref MemoryMarshal.GetReference(left);
        ref ulong r = ref MemoryMarshal.GetReference(right);
        nuint length = (nuint)left.Length;
        nuint index = 0;
        long count = 0;
        if (path == SimdPath.Vector512 && length >= (nuint)Vector512<ulong>.Count)
        {
            var sums = Vector512<ulong>.Zero;
            for (; index + 32 <= length; index += 32)
            {
                if (ahead.IsActive)
                {
                    ahead.Touch(index);
                    ahead.Touch(index + 8);
                    ahead.Touch(index + 16);
                    ahead.Touch(index + 24);
                }
                var bytes = PopCountBytes(TOperator.Invoke(Vector512.LoadUnsafe(ref l, index), Vector512.LoadUnsafe(ref r, index)).AsByte())
                    + PopCountBytes(TOperator.Invoke(Vector512.LoadUnsafe(ref l, index + 8), Vector512.LoadUnsafe(ref r, index + 8)).AsByte())
                    + PopCountBytes(TOperator.Invoke(Vector512.LoadUnsafe(ref l, index + 16), Vector512.LoadUnsafe(ref r, index + 16)).AsByte())
                    + PopCountBytes(TOperator.Invoke(Vector512.LoadUnsafe(ref l, index + 24), Vector512.LoadUnsafe(ref r, index + 24)).AsByte());
                sums += SumBytes(bytes);
            }
            for (; index + 8 <= length; index += 8)
                sums += SumBytes(PopCountBytes(TOperator.Invoke(Vector512.LoadUnsafe(ref l, index), Vector512.LoadUnsafe(ref r, index)).AsByte()));
            count = (long)Vector512.Sum(sums);
        }
        else if (path == SimdPath.Vector256 && length >= (nuint)Vector256<ulong>.Count)
        {
            var sums = Vector256<ulong>.Zero;
            for (; index + 16 <= length; index += 16)
            {
                if (ahead.IsActive)
                {
                    ahead.Touch(index);
                    ahead.Touch(index + 8);
                }
                var bytes = PopCountBytes(TOperator.Invoke(Vector256.LoadUnsafe(ref l, index), Vector256.LoadUnsafe(ref r, index)).AsByte())
                    + PopCountBytes(TOperator.Invoke(Vector256.LoadUnsafe(ref l, index + 4), Vector256.LoadUnsafe(ref r, index + 4)).AsByte())
                    + PopCountBytes(TOperator.Invoke(Vector256.LoadUnsafe(ref l, index + 8), Vector256.LoadUnsafe(ref r, index + 8)).AsByte())
                    + PopCountBytes(TOperator.Invoke(Vector256.LoadUnsafe(ref l, index + 12), Vector256.LoadUnsafe(ref r, index + 12)).AsByte());
                sums += SumBytes(bytes);
            }
            for (; index + 4 <= length; index += 4)
                sums += SumBytes(PopCountBytes(TOperator.Invoke(Vector256.LoadUnsafe(ref l, index), Vector256.LoadUnsafe(ref r, index)).AsByte()));
            count = (long)Vector256.Sum(sums);
        }
        else if (path == SimdPath.Vector128 && length >= (nuint)Vector128<ulong>.Count)
        {
            var sums = Vector128<ulong>.Zero;
            for (; index + 2 <= length; index += 2)
                sums += SumBytes(PopCountBytes(TOperator.Invoke(Vector128.LoadUnsafe(ref l, index), Vector128.LoadUnsafe(ref r, index)).AsByte()));
            count = (long)Vector128.Sum(sums);
        }
        for (; index < length; index++)
            count += BitOperations.PopCount(TOperator.Invoke(Unsafe.Add(ref l, index), Unsafe.Add(ref r, index)));
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long BinaryStore<TOperator>(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> destination, SimdPath path)
        where TOperator : struct, IBitwiseOperator
    {
        Debug.Assert(right.Length >= left.Length && destination.Length >= left.Length);
        ref ulong l = ref MemoryMarshal.GetReference(left);
        ref ulong r = ref MemoryMarshal.GetReference(right);
        ref ulong d = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)left.Length;
        nuint index = 0;
        long count = 0;
        if (path == SimdPath.Vector512 && length >= (nuint)Vector512<ulong>.Count)
        {
            var sums = Vector512<ulong>.Zero;
            for (; index + 16 <= length; index += 16)
            {
                var v0 = TOperator.Invoke(Vector512.LoadUnsafe(ref l, index), Vector512.LoadUnsafe(ref r, index));
                var v1 = TOperator.Invoke(Vector512.LoadUnsafe(ref l, index + 8), Vector512.LoadUnsafe(ref r, index + 8));
                v0.StoreUnsafe(ref d, index);
                v1.StoreUnsafe(ref d, index + 8);
                sums += SumBytes(PopCountBytes(v0.AsByte()) + PopCountBytes(v1.AsByte()));
            }
            for (; index + 8 <= length; index += 8)
            {
                var v = TOperator.Invoke(Vector512.LoadUnsafe(ref l, index), Vector512.LoadUnsafe(ref r, index));
                v.StoreUnsafe(ref d, index);
                sums += SumBytes(PopCountBytes(v.AsByte()));
            }
            count = (long)Vector512.Sum(sums);
        }
        else if (path == SimdPath.Vector256 && length >= (nuint)Vector256<ulong>.Count)
        {
            var sums = Vector256<ulong>.Zero;
            for (; index + 8 <= length; index += 8)
            {
                var v0 = TOperator.Invoke(Vector256.LoadUnsafe(ref l, index), Vector256.LoadUnsafe(ref r, index));
                var v1 = TOperator.Invoke(Vector256.LoadUnsafe(ref l, index + 4), Vector256.LoadUnsafe(ref r, index + 4));
                v0.StoreUnsafe(ref d, index);
                v1.StoreUnsafe(ref d, index + 4);
                sums += SumBytes(PopCountBytes(v0.AsByte()) + PopCountBytes(v1.AsByte()));
            }
            for (; index + 4 <= length; index += 4)
            {
                var v = TOperator.Invoke(Vector256.LoadUnsafe(ref l, index), Vector256.LoadUnsafe(ref r, index));
                v.StoreUnsafe(ref d, index);
                sums += SumBytes(PopCountBytes(v.AsByte()));
            }
            count = (long)Vector256.Sum(sums);
        }
        else if (path == SimdPath.Vector128 && length >= (nuint)Vector128<ulong>.Count)
        {
            var sums = Vector128<ulong>.Zero;
            for (; index + 2 <= length; index += 2)
            {
                var v = TOperator.Invoke(Vector128.LoadUnsafe(ref l, index), Vector128.LoadUnsafe(ref r, index));
                v.StoreUnsafe(ref d, index);
                sums += SumBytes(PopCountBytes(v.AsByte()));
            }
            count = (long)Vector128.Sum(sums);
        }
        for (; index < length; index++)
        {
            ulong word = TOperator.Invoke(Unsafe.Add(ref l, index), Unsafe.Add(ref r, index));
            Unsafe.Add(ref d, index) = word;
            count += BitOperations.PopCount(word);
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BinaryStoreNoCount<TOperator>(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> destination, SimdPath path)
        where TOperator : struct, IBitwiseOperator
    {
        Debug.Assert(right.Length >= left.Length && destination.Length >= left.Length);
        ref ulong l = ref MemoryMarshal.GetReference(left);
        ref ulong r = ref MemoryMarshal.GetReference(right);
        ref ulong d = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)left.Length;
        nuint index = 0;
        if (path == SimdPath.Vector512)
        {
            for (; index + 8 <= length; index += 8)
                TOperator.Invoke(Vector512.LoadUnsafe(ref l, index), Vector512.LoadUnsafe(ref r, index)).StoreUnsafe(ref d, index);
        }
        else if (path == SimdPath.Vector256)
        {
            for (; index + 4 <= length; index += 4)
                TOperator.Invoke(Vector256.LoadUnsafe(ref l, index), Vector256.LoadUnsafe(ref r, index)).StoreUnsafe(ref d, index);
        }
        else if (path == SimdPath.Vector128)
        {
            for (; index + 2 <= length; index += 2)
                TOperator.Invoke(Vector128.LoadUnsafe(ref l, index), Vector128.LoadUnsafe(ref r, index)).StoreUnsafe(ref d, index);
        }
        for (; index < length; index++)
            Unsafe.Add(ref d, index) = TOperator.Invoke(Unsafe.Add(ref l, index), Unsafe.Add(ref r, index));
    }

    public static long AndManyPopCount(ReadOnlySpan<ulong[]> inputs, int length, SimdPath path, ReadOnlySpan<ulong[]> upcoming = default)
    {
        Debug.Assert(inputs.Length >= 1);
        var ahead = upcoming.IsEmpty || length != inputs[0].Length ? default : new ReadAhead(inputs.Length <= 4 ? inputs : inputs[^3..], upcoming);
        switch (inputs.Length)
        {
            case 1:
                return PopCount(inputs[0].AsSpan(0, length), path);
            case 2:
                return BinaryPopCount<AndOperator>(inputs[0].AsSpan(0, length), inputs[1], path, ahead);
            case 3:
                // AND is idempotent: the four-input loop with one input repeated costs one extra L1 load.
                return AndPopCount4(inputs[0].AsSpan(0, length), inputs[1], inputs[2], inputs[2], path, ahead);
            case 4:
                return AndPopCount4(inputs[0].AsSpan(0, length), inputs[1], inputs[2], inputs[3], path, ahead);
        }
        // Fold all but the last three into an L1-resident scratch, then one fused pass counts.
        Span<ulong> scratch = length <= RoaringConstants.BitsetWords ? stackalloc ulong[length] : new ulong[length];
        BinaryStoreNoCount<AndOperator>(inputs[0].AsSpan(0, length), inputs[1], scratch, path);
        for (int input = 2; input < inputs.Length - 3; input++)
            BinaryStoreNoCount<AndOperator>(scratch, inputs[input], scratch, path);
        return AndPopCount4(scratch, inputs[^3], inputs[^2], inputs[^1], path, ahead);
    }

    /// <summary>Population count of <c>a AND b AND c AND d</c> in one pass: the population count dominates, so it is paid once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long AndPopCount4(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> c, ReadOnlySpan<ulong> d, SimdPath path, ReadAhead ahead = default)
    {
        Debug.Assert(b.Length >= a.Length && c.Length >= a.Length && d.Length >= a.Length);
        ref ulong ra = ref MemoryMarshal.GetReference(a);
        ref ulong rb = ref MemoryMarshal.GetReference(b);
        ref ulong rc = ref MemoryMarshal.GetReference(c);
        ref ulong rd = ref MemoryMarshal.GetReference(d);
        nuint length = (nuint)a.Length;
        nuint index = 0;
        long count = 0;
        if (path == SimdPath.Vector512 && length >= 8)
        {
            var sums = Vector512<ulong>.Zero;
            for (; index + 16 <= length; index += 16)
            {
                if (ahead.IsActive)
                {
                    ahead.Touch(index);
                    ahead.Touch(index + 8);
                }
                var v0 = Vector512.LoadUnsafe(ref ra, index) & Vector512.LoadUnsafe(ref rb, index) & Vector512.LoadUnsafe(ref rc, index) & Vector512.LoadUnsafe(ref rd, index);
                var v1 = Vector512.LoadUnsafe(ref ra, index + 8) & Vector512.LoadUnsafe(ref rb, index + 8) & Vector512.LoadUnsafe(ref rc, index + 8) & Vector512.LoadUnsafe(ref rd, index + 8);
                sums += SumBytes(PopCountBytes(v0.AsByte()) + PopCountBytes(v1.AsByte()));
            }
            for (; index + 8 <= length; index += 8)
            {
                var v = Vector512.LoadUnsafe(ref ra, index) & Vector512.LoadUnsafe(ref rb, index) & Vector512.LoadUnsafe(ref rc, index) & Vector512.LoadUnsafe(ref rd, index);
                sums += SumBytes(PopCountBytes(v.AsByte()));
            }
            count = (long)Vector512.Sum(sums);
        }
        else if (path == SimdPath.Vector256 && length >= 4)
        {
            var sums = Vector256<ulong>.Zero;
            for (; index + 8 <= length; index += 8)
            {
                if (ahead.IsActive)
                    ahead.Touch(index);
                var v0 = Vector256.LoadUnsafe(ref ra, index) & Vector256.LoadUnsafe(ref rb, index) & Vector256.LoadUnsafe(ref rc, index) & Vector256.LoadUnsafe(ref rd, index);
                var v1 = Vector256.LoadUnsafe(ref ra, index + 4) & Vector256.LoadUnsafe(ref rb, index + 4) & Vector256.LoadUnsafe(ref rc, index + 4) & Vector256.LoadUnsafe(ref rd, index + 4);
                sums += SumBytes(PopCountBytes(v0.AsByte()) + PopCountBytes(v1.AsByte()));
            }
            for (; index + 4 <= length; index += 4)
            {
                var v = Vector256.LoadUnsafe(ref ra, index) & Vector256.LoadUnsafe(ref rb, index) & Vector256.LoadUnsafe(ref rc, index) & Vector256.LoadUnsafe(ref rd, index);
                sums += SumBytes(PopCountBytes(v.AsByte()));
            }
            count = (long)Vector256.Sum(sums);
        }
        else if (path == SimdPath.Vector128 && length >= 2)
        {
            var sums = Vector128<ulong>.Zero;
            for (; index + 2 <= length; index += 2)
            {
                var v = Vector128.LoadUnsafe(ref ra, index) & Vector128.LoadUnsafe(ref rb, index) & Vector128.LoadUnsafe(ref rc, index) & Vector128.LoadUnsafe(ref rd, index);
                sums += SumBytes(PopCountBytes(v.AsByte()));
            }
            count = (long)Vector128.Sum(sums);
        }
        for (; index < length; index++)
            count += BitOperations.PopCount(Unsafe.Add(ref ra, index) & Unsafe.Add(ref rb, index) & Unsafe.Add(ref rc, index) & Unsafe.Add(ref rd, index));
        return count;
    }

    public static long AndManyStore(ReadOnlySpan<ulong[]> inputs, Span<ulong> destination, SimdPath path)
    {
        Debug.Assert(inputs.Length >= 2);
        long count = BinaryStore<AndOperator>(inputs[0].AsSpan(0, destination.Length), inputs[1], destination, path);
        for (int input = 2; input < inputs.Length && count > 0; input++)
            count = BinaryStore<AndOperator>(destination, inputs[input], destination, path);
        return count;
    }

    /// <summary>How many of <paramref name="values"/> have their bit set in <paramref name="words"/>.</summary>
    public static int CountMembers(ReadOnlySpan<ushort> values, ReadOnlySpan<ulong> words) => CountMembers(values, words, SimdSupport.Best);

    /// <summary>
    /// <see cref="CountMembers(ReadOnlySpan{ushort}, ReadOnlySpan{ulong})"/> on a chosen path. The vector path gathers
    /// eight 32-bit words at once (AVX2: .NET exposes no wider gather), so the probes' loads overlap instead of
    /// queueing behind a scalar loop's address arithmetic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe int CountMembers(ReadOnlySpan<ushort> values, ReadOnlySpan<ulong> words, SimdPath path)
    {
        Debug.Assert(words.Length >= RoaringConstants.BitsetWords);
        int index = 0;
        int count = 0;
        if (path >= SimdPath.Vector256 && Avx2.IsSupported && values.Length >= 8)
        {
            var sums = Vector256<int>.Zero;
            var low5 = Vector256.Create(31);
            var one = Vector256.Create(1);
            fixed (ushort* source = values)
            fixed (ulong* bits = words)
            {
                for (; index + 8 <= values.Length; index += 8)
                {
                    var value = Avx2.ConvertToVector256Int32(Sse2.LoadVector128(source + index));
                    var word = Avx2.GatherVector256((int*)bits, Avx2.ShiftRightLogical(value, 5), 4);
                    sums += Avx2.ShiftRightLogicalVariable(word, (value & low5).AsUInt32()) & one;
                }
            }
            count = Vector256.Sum(sums);
        }
        ref ushort start = ref MemoryMarshal.GetReference(values);
        ref ulong bitsStart = ref MemoryMarshal.GetReference(words);
        for (; index < values.Length; index++)
        {
            int value = Unsafe.Add(ref start, index);
            count += (int)((Unsafe.Add(ref bitsStart, value >> 6) >> value) & 1);
        }
        return count;
    }

    // ---- Population count helpers ----

    /// <summary>Per-byte population counts (0..8 each) by two nibble lookups.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> PopCountBytes(Vector512<byte> value)
    {
        var table = Vector512.Create(NibbleTable256());
        var mask = Vector512.Create((byte)0x0F);
        var low = value & mask;
        var high = Vector512.ShiftRightLogical(value.AsUInt16(), 4).AsByte() & mask;
        return Avx512BW.Shuffle(table, low) + Avx512BW.Shuffle(table, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> PopCountBytes(Vector256<byte> value)
    {
        var table = NibbleTable256();
        var mask = Vector256.Create((byte)0x0F);
        var low = value & mask;
        var high = Vector256.ShiftRightLogical(value.AsUInt16(), 4).AsByte() & mask;
        return Avx2.Shuffle(table, low) + Avx2.Shuffle(table, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> PopCountBytes(Vector128<byte> value)
    {
        if (AdvSimd.IsSupported)
            return AdvSimd.PopCount(value);
        var table = NibbleTable128();
        var mask = Vector128.Create((byte)0x0F);
        var low = value & mask;
        var high = Vector128.ShiftRightLogical(value.AsUInt16(), 4).AsByte() & mask;
        return Ssse3.Shuffle(table, low) + Ssse3.Shuffle(table, high);
    }

    /// <summary>Sums each group of 8 bytes into its 64-bit lane (VPSADBW against zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> SumBytes(Vector512<byte> bytes) => Avx512BW.SumAbsoluteDifferences(bytes, Vector512<byte>.Zero).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> SumBytes(Vector256<byte> bytes) => Avx2.SumAbsoluteDifferences(bytes, Vector256<byte>.Zero).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> SumBytes(Vector128<byte> bytes)
    {
        if (AdvSimd.IsSupported)
            return AdvSimd.AddPairwiseWidening(AdvSimd.AddPairwiseWidening(AdvSimd.AddPairwiseWidening(bytes)));
        return Sse2.SumAbsoluteDifferences(bytes, Vector128<byte>.Zero).AsUInt64();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> NibbleTable128() => Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> NibbleTable256() => Vector256.Create(NibbleTable128(), NibbleTable128());
}
