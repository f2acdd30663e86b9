using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PortraitDb.Kernels;

/// <summary>
/// A row predicate of the scan kernels, one struct per <see cref="CompareOp"/> plus <see cref="BetweenPredicate"/>,
/// so that the drivers are compiled once per (type, predicate) with the comparison inlined. Every predicate takes
/// two operands; a comparison ignores the second. The vector forms return all-ones lanes where the row passes.
/// </summary>
internal interface IScanPredicate
{
    static abstract bool Invoke<T>(T value, T first, T second) where T : unmanaged, INumber<T>;

    static abstract Vector128<T> Invoke<T>(Vector128<T> value, Vector128<T> first, Vector128<T> second) where T : unmanaged, INumber<T>;

    static abstract Vector256<T> Invoke<T>(Vector256<T> value, Vector256<T> first, Vector256<T> second) where T : unmanaged, INumber<T>;

    static abstract Vector512<T> Invoke<T>(Vector512<T> value, Vector512<T> first, Vector512<T> second) where T : unmanaged, INumber<T>;
}

internal readonly struct EqualPredicate : IScanPredicate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Invoke<T>(T value, T first, T second) where T : unmanaged, INumber<T> => value == first;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> value, Vector128<T> first, Vector128<T> second) where T : unmanaged, INumber<T> => Vector128.Equals(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> value, Vector256<T> first, Vector256<T> second) where T : unmanaged, INumber<T> => Vector256.Equals(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> value, Vector512<T> first, Vector512<T> second) where T : unmanaged, INumber<T> => Vector512.Equals(value, first);
}

/// <summary>Not equal: the complement of equality, so a NaN passes (IEEE unordered-not-equal).</summary>
internal readonly struct NotEqualPredicate : IScanPredicate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Invoke<T>(T value, T first, T second) where T : unmanaged, INumber<T> => value != first;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> value, Vector128<T> first, Vector128<T> second) where T : unmanaged, INumber<T> => ~Vector128.Equals(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> value, Vector256<T> first, Vector256<T> second) where T : unmanaged, INumber<T> => ~Vector256.Equals(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> value, Vector512<T> first, Vector512<T> second) where T : unmanaged, INumber<T> => ~Vector512.Equals(value, first);
}

internal readonly struct LessPredicate : IScanPredicate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Invoke<T>(T value, T first, T second) where T : unmanaged, INumber<T> => value < first;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> value, Vector128<T> first, Vector128<T> second) where T : unmanaged, INumber<T> => Vector128.LessThan(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> value, Vector256<T> first, Vector256<T> second) where T : unmanaged, INumber<T> => Vector256.LessThan(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> value, Vector512<T> first, Vector512<T> second) where T : unmanaged, INumber<T> => Vector512.LessThan(value, first);
}

internal readonly struct LessOrEqualPredicate : IScanPredicate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Invoke<T>(T value, T first, T second) where T : unmanaged, INumber<T> => value <= first;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> value, Vector128<T> first, Vector128<T> second) where T : unmanaged, INumber<T> => Vector128.LessThanOrEqual(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> value, Vector256<T> first, Vector256<T> second) where T : unmanaged, INumber<T> => Vector256.LessThanOrEqual(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> value, Vector512<T> first, Vector512<T> second) where T : unmanaged, INumber<T> => Vector512.LessThanOrEqual(value, first);
}

internal readonly struct GreaterPredicate : IScanPredicate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Invoke<T>(T value, T first, T second) where T : unmanaged, INumber<T> => value > first;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> value, Vector128<T> first, Vector128<T> second) where T : unmanaged, INumber<T> => Vector128.GreaterThan(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> value, Vector256<T> first, Vector256<T> second) where T : unmanaged, INumber<T> => Vector256.GreaterThan(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> value, Vector512<T> first, Vector512<T> second) where T : unmanaged, INumber<T> => Vector512.GreaterThan(value, first);
}

internal readonly struct GreaterOrEqualPredicate : IScanPredicate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Invoke<T>(T value, T first, T second) where T : unmanaged, INumber<T> => value >= first;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> value, Vector128<T> first, Vector128<T> second) where T : unmanaged, INumber<T> => Vector128.GreaterThanOrEqual(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> value, Vector256<T> first, Vector256<T> second) where T : unmanaged, INumber<T> => Vector256.GreaterThanOrEqual(value, first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> value, Vector512<T> first, Vector512<T> second) where T : unmanaged, INumber<T> => Vector512.GreaterThanOrEqual(value, first);
}

/// <summary><c>first &lt;= value &lt;= second</c>: two ordered comparisons, so a NaN never passes and an empty range (first &gt; second) passes nothing.</summary>
internal readonly struct BetweenPredicate : IScanPredicate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Invoke<T>(T value, T first, T second) where T : unmanaged, INumber<T> => (value >= first) & (value <= second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> value, Vector128<T> first, Vector128<T> second) where T : unmanaged, INumber<T> =>
        Vector128.GreaterThanOrEqual(value, first) & Vector128.LessThanOrEqual(value, second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> value, Vector256<T> first, Vector256<T> second) where T : unmanaged, INumber<T> =>
        Vector256.GreaterThanOrEqual(value, first) & Vector256.LessThanOrEqual(value, second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> value, Vector512<T> first, Vector512<T> second) where T : unmanaged, INumber<T> =>
        Vector512.GreaterThanOrEqual(value, first) & Vector512.LessThanOrEqual(value, second);
}
