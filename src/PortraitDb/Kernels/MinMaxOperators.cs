using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PortraitDb.Kernels;

/// <summary>
/// Minimum or maximum at every width, so that one driver per shape serves both. The scalar and vector forms agree on
/// -0.0 &lt; +0.0 (<see cref="Math.Min(double, double)"/> and <see cref="Vector512.Min{T}"/> both implement
/// IEEE 754-2019 minimum/maximum); NaN never reaches them (the drivers take NaN out first).
/// </summary>
internal interface IMinMaxOperator
{
    /// <summary>True for maximum.</summary>
    static abstract bool IsMax { get; }

    /// <summary>The value every number beats: the type's maximum for MIN (+∞ for floating point), its minimum for MAX.</summary>
    static abstract T Identity<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T>;

    static abstract T Invoke<T>(T left, T right) where T : unmanaged, INumber<T>;

    static abstract Vector128<T> Invoke<T>(Vector128<T> left, Vector128<T> right) where T : unmanaged, INumber<T>;

    static abstract Vector256<T> Invoke<T>(Vector256<T> left, Vector256<T> right) where T : unmanaged, INumber<T>;

    static abstract Vector512<T> Invoke<T>(Vector512<T> left, Vector512<T> right) where T : unmanaged, INumber<T>;
}

internal readonly struct MinOperator : IMinMaxOperator
{
    public static bool IsMax => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Identity<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        typeof(T) == typeof(double) || typeof(T) == typeof(float) ? T.CreateTruncating(double.PositiveInfinity) : T.MaxValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke<T>(T left, T right) where T : unmanaged, INumber<T> => T.Min(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> left, Vector128<T> right) where T : unmanaged, INumber<T> => Vector128.Min(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> left, Vector256<T> right) where T : unmanaged, INumber<T> => Vector256.Min(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> left, Vector512<T> right) where T : unmanaged, INumber<T> => Vector512.Min(left, right);
}

internal readonly struct MaxOperator : IMinMaxOperator
{
    public static bool IsMax => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Identity<T>() where T : unmanaged, INumber<T>, IMinMaxValue<T> =>
        typeof(T) == typeof(double) || typeof(T) == typeof(float) ? T.CreateTruncating(double.NegativeInfinity) : T.MinValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Invoke<T>(T left, T right) where T : unmanaged, INumber<T> => T.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Invoke<T>(Vector128<T> left, Vector128<T> right) where T : unmanaged, INumber<T> => Vector128.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Invoke<T>(Vector256<T> left, Vector256<T> right) where T : unmanaged, INumber<T> => Vector256.Max(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Invoke<T>(Vector512<T> left, Vector512<T> right) where T : unmanaged, INumber<T> => Vector512.Max(left, right);
}
