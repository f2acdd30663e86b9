using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PortraitDb.Bitmaps.Internal;

/// <summary>
/// A word-wise binary operation at every width, so that one loop driver per shape serves all four
/// operations (the TensorPrimitives pattern).
/// </summary>
internal interface IBitwiseOperator
{
    static abstract ulong Invoke(ulong left, ulong right);
    static abstract Vector128<ulong> Invoke(Vector128<ulong> left, Vector128<ulong> right);
    static abstract Vector256<ulong> Invoke(Vector256<ulong> left, Vector256<ulong> right);
    static abstract Vector512<ulong> Invoke(Vector512<ulong> left, Vector512<ulong> right);
}

internal readonly struct AndOperator : IBitwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Invoke(ulong left, ulong right) => left & right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Invoke(Vector128<ulong> left, Vector128<ulong> right) => left & right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Invoke(Vector256<ulong> left, Vector256<ulong> right) => left & right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Invoke(Vector512<ulong> left, Vector512<ulong> right) => left & right;
}

internal readonly struct OrOperator : IBitwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Invoke(ulong left, ulong right) => left | right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Invoke(Vector128<ulong> left, Vector128<ulong> right) => left | right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Invoke(Vector256<ulong> left, Vector256<ulong> right) => left | right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Invoke(Vector512<ulong> left, Vector512<ulong> right) => left | right;
}

internal readonly struct XorOperator : IBitwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Invoke(ulong left, ulong right) => left ^ right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Invoke(Vector128<ulong> left, Vector128<ulong> right) => left ^ right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Invoke(Vector256<ulong> left, Vector256<ulong> right) => left ^ right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Invoke(Vector512<ulong> left, Vector512<ulong> right) => left ^ right;
}

/// <summary><c>left AND NOT right</c>.</summary>
internal readonly struct AndNotOperator : IBitwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Invoke(ulong left, ulong right) => left & ~right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Invoke(Vector128<ulong> left, Vector128<ulong> right) => Vector128.AndNot(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Invoke(Vector256<ulong> left, Vector256<ulong> right) => Vector256.AndNot(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Invoke(Vector512<ulong> left, Vector512<ulong> right) => Vector512.AndNot(left, right);
}
