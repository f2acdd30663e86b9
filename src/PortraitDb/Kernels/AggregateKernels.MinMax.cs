using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PortraitDb.Internal;

namespace PortraitDb.Kernels;

internal static partial class AggregateKernels
{
    // ---- Public surface ----
    // NaN (doubles) ranks above every number, +∞ included, as in SQL ordering (PostgreSQL, DuckDB): MAX is NaN as soon
    // as one selected value is NaN, MIN is NaN only when every selected value is. -0.0 ranks below +0.0 (IEEE 754-2019
    // minimum and maximum), on every path.

    /// <summary>
    /// The smallest of <paramref name="values"/>; false (and <paramref name="min"/> = default) when there are none.
    /// For doubles a NaN counts only when nothing else is there, and -0.0 is smaller than +0.0.
    /// </summary>
    public static bool Min<T>(ReadOnlySpan<T> values, out T min)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        => Min(values, out min, SimdSupport.Best);

    /// <summary>As <see cref="Min{T}(ReadOnlySpan{T}, out T)"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static bool Min<T>(ReadOnlySpan<T> values, out T min, SimdPath path)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        => MinMax<T, MinOperator, AllRows>(values, default, path, out min);

    /// <summary>The smallest value whose bit is set in <paramref name="mask"/>; see <see cref="Min{T}(ReadOnlySpan{T}, out T)"/> and the mask rules of <see cref="AggregateKernels"/>.</summary>
    /// <exception cref="ArgumentException">The mask is too short.</exception>
    public static bool Min<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, out T min)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        => Min(values, mask, out min, SimdSupport.Best);

    /// <summary>As <see cref="Min{T}(ReadOnlySpan{T}, ReadOnlySpan{ulong}, out T)"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static bool Min<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, out T min, SimdPath path)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        CheckMask(mask, values.Length);
        return MinMax<T, MinOperator, BitsetRows>(values, mask, path, out min);
    }

    /// <summary>The smallest <c>values[offset]</c> over <paramref name="offsets"/> (scalar on every path); see <see cref="Min{T}(ReadOnlySpan{T}, out T)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An offset is at or beyond <c>values.Length</c>.</exception>
    public static bool Min<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, out T min)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        => MinMaxSelected<T, MinOperator>(values, offsets, out min);

    /// <summary>
    /// The largest of <paramref name="values"/>; false (and <paramref name="max"/> = default) when there are none.
    /// For doubles any NaN makes the result NaN, and +0.0 is larger than -0.0.
    /// </summary>
    public static bool Max<T>(ReadOnlySpan<T> values, out T max)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        => Max(values, out max, SimdSupport.Best);

    /// <summary>As <see cref="Max{T}(ReadOnlySpan{T}, out T)"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static bool Max<T>(ReadOnlySpan<T> values, out T max, SimdPath path)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        => MinMax<T, MaxOperator, AllRows>(values, default, path, out max);

    /// <summary>The largest value whose bit is set in <paramref name="mask"/>; see <see cref="Max{T}(ReadOnlySpan{T}, out T)"/> and the mask rules of <see cref="AggregateKernels"/>.</summary>
    /// <exception cref="ArgumentException">The mask is too short.</exception>
    public static bool Max<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, out T max)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        => Max(values, mask, out max, SimdSupport.Best);

    /// <summary>As <see cref="Max{T}(ReadOnlySpan{T}, ReadOnlySpan{ulong}, out T)"/>, at <paramref name="path"/> (one of <see cref="SimdSupport.Supported"/>; tests force each).</summary>
    public static bool Max<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, out T max, SimdPath path)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        CheckMask(mask, values.Length);
        return MinMax<T, MaxOperator, BitsetRows>(values, mask, path, out max);
    }

    /// <summary>The largest <c>values[offset]</c> over <paramref name="offsets"/> (scalar on every path); see <see cref="Max{T}(ReadOnlySpan{T}, out T)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An offset is at or beyond <c>values.Length</c>.</exception>
    public static bool Max<T>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, out T max)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        => MinMaxSelected<T, MaxOperator>(values, offsets, out max);

    // ---- Drivers ----

    /// <summary>What a partial pass saw: whether any row was selected, the extreme of the numbers, and which kinds it met.</summary>
    private readonly record struct Extreme<T>(bool Found, T Value, bool SawNaN, bool SawNumber);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFloating<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(float);

    private static bool MinMax<T, TOperator, TMask>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, SimdPath path, out T result)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TOperator : struct, IMinMaxOperator
        where TMask : struct, IRowMask
    {
        KernelVectors.RequireWordSized<T>();
        int fullWords = values.Length / KernelVectors.WordBits;
        var vector = path switch
        {
            SimdPath.Vector512 => MinMaxVector512<T, TOperator, TMask>(values, mask, fullWords),
            SimdPath.Vector256 => MinMaxVector256<T, TOperator, TMask>(values, mask, fullWords),
            SimdPath.Vector128 => MinMaxVector128<T, TOperator, TMask>(values, mask, fullWords),
            _ => new Extreme<T>(false, TOperator.Identity<T>(), false, false),
        };
        var scalar = MinMaxScalar<T, TOperator, TMask>(values, mask, path == SimdPath.Scalar ? 0 : fullWords);
        return Finish<T, TOperator>(
            new Extreme<T>(vector.Found | scalar.Found, TOperator.Invoke(vector.Value, scalar.Value), vector.SawNaN | scalar.SawNaN, vector.SawNumber | scalar.SawNumber),
            out result);
    }

    /// <summary>Applies the NaN ranking to a finished pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Finish<T, TOperator>(Extreme<T> extreme, out T result)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TOperator : struct, IMinMaxOperator
    {
        if (!extreme.Found)
        {
            result = default;
            return false;
        }
        result = IsFloating<T>() && (TOperator.IsMax ? extreme.SawNaN : !extreme.SawNumber) ? T.CreateTruncating(double.NaN) : extreme.Value;
        return true;
    }

    /// <summary>The scalar reference, from word <paramref name="firstWord"/> to the end (the partial last word included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Extreme<T> MinMaxScalar<T, TOperator, TMask>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, int firstWord)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TOperator : struct, IMinMaxOperator
        where TMask : struct, IRowMask
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong maskRef = ref MemoryMarshal.GetReference(mask);
        nuint length = (nuint)values.Length;
        T extreme = TOperator.Identity<T>();
        bool found = false, sawNaN = false, sawNumber = false;
        for (nuint word = (nuint)firstWord; word * KernelVectors.WordBits < length; word++)
        {
            nuint index = word * KernelVectors.WordBits;
            ulong bits = TMask.Word(ref maskRef, word) & RowsMask(length - index);
            found |= bits != 0;
            for (; bits != 0; bits &= bits - 1)
            {
                T value = Unsafe.Add(ref source, index + (nuint)ulong.TrailingZeroCount(bits));
                if (IsFloating<T>() && T.IsNaN(value))
                {
                    sawNaN = true;
                    continue;
                }
                sawNumber = true;
                extreme = TOperator.Invoke(extreme, value);
            }
        }
        return new Extreme<T>(found, extreme, sawNaN, sawNumber);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MinMaxSelected<T, TOperator>(ReadOnlySpan<T> values, ReadOnlySpan<ushort> offsets, out T result)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TOperator : struct, IMinMaxOperator
    {
        KernelVectors.RequireWordSized<T>();
        ref T source = ref MemoryMarshal.GetReference(values);
        uint length = (uint)values.Length;
        T extreme = TOperator.Identity<T>();
        bool sawNaN = false, sawNumber = false;
        foreach (ushort offset in offsets)
        {
            if (offset >= length)
                KernelThrow.OffsetOutOfRange(nameof(offsets), values.Length);
            T value = Unsafe.Add(ref source, offset);
            if (IsFloating<T>() && T.IsNaN(value))
            {
                sawNaN = true;
                continue;
            }
            sawNumber = true;
            extreme = TOperator.Invoke(extreme, value);
        }
        return Finish<T, TOperator>(new Extreme<T>(!offsets.IsEmpty, extreme, sawNaN, sawNumber), out result);
    }

    // The vector paths: NaN lanes (doubles) are replaced by the identity and recorded; masked-out lanes are replaced
    // by the identity. Two accumulators hide the min/max latency. Sparse words are walked as in the sums.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Extreme<T> MinMaxVector512<T, TOperator, TMask>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, int fullWords)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TOperator : struct, IMinMaxOperator
        where TMask : struct, IRowMask
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong maskRef = ref MemoryMarshal.GetReference(mask);
        nuint count = (nuint)Vector512<T>.Count;
        var identity = Vector512.Create(TOperator.Identity<T>());
        var extreme0 = identity;
        var extreme1 = identity;
        var nans = Vector512<T>.Zero;
        var numbers = Vector512<T>.Zero;
        T scalar = TOperator.Identity<T>();
        bool scalarNaN = false, scalarNumber = false;
        ulong any = 0;
        for (nuint word = 0; word < (nuint)fullWords; word++)
        {
            ulong bits = TMask.Word(ref maskRef, word);
            nuint index = word * KernelVectors.WordBits;
            any |= bits;
            if (TMask.All || bits == ulong.MaxValue)
            {
                for (nuint row = 0; row < KernelVectors.WordBits; row += 2 * count)
                {
                    var v0 = Vector512.LoadUnsafe(ref source, index + row);
                    var v1 = Vector512.LoadUnsafe(ref source, index + row + count);
                    if (IsFloating<T>())
                    {
                        var ok0 = Vector512.Equals(v0, v0);
                        var ok1 = Vector512.Equals(v1, v1);
                        nans |= ~(ok0 & ok1);
                        numbers |= ok0 | ok1;
                        v0 = Vector512.ConditionalSelect(ok0, v0, identity);
                        v1 = Vector512.ConditionalSelect(ok1, v1, identity);
                    }
                    extreme0 = TOperator.Invoke(extreme0, v0);
                    extreme1 = TOperator.Invoke(extreme1, v1);
                }
            }
            else if (IsSparse(bits))
            {
                for (; bits != 0; bits &= bits - 1)
                {
                    T value = Unsafe.Add(ref source, index + (nuint)ulong.TrailingZeroCount(bits));
                    if (IsFloating<T>() && T.IsNaN(value))
                    {
                        scalarNaN = true;
                        continue;
                    }
                    scalarNumber = true;
                    scalar = TOperator.Invoke(scalar, value);
                }
            }
            else
            {
                for (int row = 0; row < KernelVectors.WordBits; row += (int)count)
                {
                    var v = Vector512.LoadUnsafe(ref source, index + (nuint)row);
                    var selected = KernelVectors.LaneMask512<T>(bits >> row);
                    if (IsFloating<T>())
                    {
                        var ok = Vector512.Equals(v, v);
                        nans |= selected & ~ok;
                        selected &= ok;
                        numbers |= selected;
                    }
                    extreme0 = TOperator.Invoke(extreme0, Vector512.ConditionalSelect(selected, v, identity));
                }
            }
        }
        var extreme = TOperator.Invoke(extreme0, extreme1);
        for (int lane = 0; lane < Vector512<T>.Count; lane++)
            scalar = TOperator.Invoke(scalar, extreme[lane]);
        bool sawNumber = IsFloating<T>() ? scalarNumber || numbers != Vector512<T>.Zero : any != 0;
        return new Extreme<T>(any != 0, scalar, scalarNaN || nans != Vector512<T>.Zero, sawNumber);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Extreme<T> MinMaxVector256<T, TOperator, TMask>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, int fullWords)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TOperator : struct, IMinMaxOperator
        where TMask : struct, IRowMask
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong maskRef = ref MemoryMarshal.GetReference(mask);
        nuint count = (nuint)Vector256<T>.Count;
        var identity = Vector256.Create(TOperator.Identity<T>());
        var extreme0 = identity;
        var extreme1 = identity;
        var nans = Vector256<T>.Zero;
        var numbers = Vector256<T>.Zero;
        T scalar = TOperator.Identity<T>();
        bool scalarNaN = false, scalarNumber = false;
        ulong any = 0;
        for (nuint word = 0; word < (nuint)fullWords; word++)
        {
            ulong bits = TMask.Word(ref maskRef, word);
            nuint index = word * KernelVectors.WordBits;
            any |= bits;
            if (TMask.All || bits == ulong.MaxValue)
            {
                for (nuint row = 0; row < KernelVectors.WordBits; row += 2 * count)
                {
                    var v0 = Vector256.LoadUnsafe(ref source, index + row);
                    var v1 = Vector256.LoadUnsafe(ref source, index + row + count);
                    if (IsFloating<T>())
                    {
                        var ok0 = Vector256.Equals(v0, v0);
                        var ok1 = Vector256.Equals(v1, v1);
                        nans |= ~(ok0 & ok1);
                        numbers |= ok0 | ok1;
                        v0 = Vector256.ConditionalSelect(ok0, v0, identity);
                        v1 = Vector256.ConditionalSelect(ok1, v1, identity);
                    }
                    extreme0 = TOperator.Invoke(extreme0, v0);
                    extreme1 = TOperator.Invoke(extreme1, v1);
                }
            }
            else if (IsSparse(bits))
            {
                for (; bits != 0; bits &= bits - 1)
                {
                    T value = Unsafe.Add(ref source, index + (nuint)ulong.TrailingZeroCount(bits));
                    if (IsFloating<T>() && T.IsNaN(value))
                    {
                        scalarNaN = true;
                        continue;
                    }
                    scalarNumber = true;
                    scalar = TOperator.Invoke(scalar, value);
                }
            }
            else
            {
                for (int row = 0; row < KernelVectors.WordBits; row += (int)count)
                {
                    var v = Vector256.LoadUnsafe(ref source, index + (nuint)row);
                    var selected = KernelVectors.LaneMask256<T>(bits >> row);
                    if (IsFloating<T>())
                    {
                        var ok = Vector256.Equals(v, v);
                        nans |= selected & ~ok;
                        selected &= ok;
                        numbers |= selected;
                    }
                    extreme0 = TOperator.Invoke(extreme0, Vector256.ConditionalSelect(selected, v, identity));
                }
            }
        }
        var extreme = TOperator.Invoke(extreme0, extreme1);
        for (int lane = 0; lane < Vector256<T>.Count; lane++)
            scalar = TOperator.Invoke(scalar, extreme[lane]);
        bool sawNumber = IsFloating<T>() ? scalarNumber || numbers != Vector256<T>.Zero : any != 0;
        return new Extreme<T>(any != 0, scalar, scalarNaN || nans != Vector256<T>.Zero, sawNumber);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Extreme<T> MinMaxVector128<T, TOperator, TMask>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> mask, int fullWords)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
        where TOperator : struct, IMinMaxOperator
        where TMask : struct, IRowMask
    {
        ref T source = ref MemoryMarshal.GetReference(values);
        ref ulong maskRef = ref MemoryMarshal.GetReference(mask);
        nuint count = (nuint)Vector128<T>.Count;
        var identity = Vector128.Create(TOperator.Identity<T>());
        var extreme0 = identity;
        var extreme1 = identity;
        var nans = Vector128<T>.Zero;
        var numbers = Vector128<T>.Zero;
        T scalar = TOperator.Identity<T>();
        bool scalarNaN = false, scalarNumber = false;
        ulong any = 0;
        for (nuint word = 0; word < (nuint)fullWords; word++)
        {
            ulong bits = TMask.Word(ref maskRef, word);
            nuint index = word * KernelVectors.WordBits;
            any |= bits;
            if (TMask.All || bits == ulong.MaxValue)
            {
                for (nuint row = 0; row < KernelVectors.WordBits; row += 2 * count)
                {
                    var v0 = Vector128.LoadUnsafe(ref source, index + row);
                    var v1 = Vector128.LoadUnsafe(ref source, index + row + count);
                    if (IsFloating<T>())
                    {
                        var ok0 = Vector128.Equals(v0, v0);
                        var ok1 = Vector128.Equals(v1, v1);
                        nans |= ~(ok0 & ok1);
                        numbers |= ok0 | ok1;
                        v0 = Vector128.ConditionalSelect(ok0, v0, identity);
                        v1 = Vector128.ConditionalSelect(ok1, v1, identity);
                    }
                    extreme0 = TOperator.Invoke(extreme0, v0);
                    extreme1 = TOperator.Invoke(extreme1, v1);
                }
            }
            else if (IsSparse(bits))
            {
                for (; bits != 0; bits &= bits - 1)
                {
                    T value = Unsafe.Add(ref source, index + (nuint)ulong.TrailingZeroCount(bits));
                    if (IsFloating<T>() && T.IsNaN(value))
                    {
                        scalarNaN = true;
                        continue;
                    }
                    scalarNumber = true;
                    scalar = TOperator.Invoke(scalar, value);
                }
            }
            else
            {
                for (int row = 0; row < KernelVectors.WordBits; row += (int)count)
                {
                    var v = Vector128.LoadUnsafe(ref source, index + (nuint)row);
                    var selected = KernelVectors.LaneMask128<T>(bits >> row);
                    if (IsFloating<T>())
                    {
                        var ok = Vector128.Equals(v, v);
                        nans |= selected & ~ok;
                        selected &= ok;
                        numbers |= selected;
                    }
                    extreme0 = TOperator.Invoke(extreme0, Vector128.ConditionalSelect(selected, v, identity));
                }
            }
        }
        var extreme = TOperator.Invoke(extreme0, extreme1);
        for (int lane = 0; lane < Vector128<T>.Count; lane++)
            scalar = TOperator.Invoke(scalar, extreme[lane]);
        bool sawNumber = IsFloating<T>() ? scalarNumber || numbers != Vector128<T>.Zero : any != 0;
        return new Extreme<T>(any != 0, scalar, scalarNaN || nans != Vector128<T>.Zero, sawNumber);
    }
}
