using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace PortraitDb.Internal;

/// <summary>The vector width a kernel runs at. Every kernel keeps a scalar path as its reference.</summary>
internal enum SimdPath
{
    Scalar = 0,
    Vector128 = 128,
    Vector256 = 256,
    Vector512 = 512,
}

/// <summary>
/// Chooses the widest vector path this CPU runs well, once per process. The environment variable
/// <c>PORTRAITDB_SIMD</c> (<c>scalar</c>, <c>128</c>, <c>256</c> or <c>512</c>) caps it, so any path can be
/// exercised on a wide machine.
/// </summary>
internal static class SimdSupport
{
    public const string EnvironmentVariable = "PORTRAITDB_SIMD";

    /// <summary>The path kernels take unless told otherwise.</summary>
    public static SimdPath Best { get; } = Cap(Widest(), Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Every path this CPU can run, scalar first.</summary>
    public static IReadOnlyList<SimdPath> Supported { get; } =
        [.. new[] { SimdPath.Scalar, SimdPath.Vector128, SimdPath.Vector256, SimdPath.Vector512 }.Where(IsSupported)];

    public static bool IsSupported(SimdPath path) => path switch
    {
        SimdPath.Scalar => true,
        // The byte shuffle (nibble-lookup popcount) and sum-of-absolute-differences decide usability, not just width.
        SimdPath.Vector128 => Vector128.IsHardwareAccelerated && (Ssse3.IsSupported || AdvSimd.IsSupported),
        SimdPath.Vector256 => Vector256.IsHardwareAccelerated && Avx2.IsSupported,
        SimdPath.Vector512 => Vector512.IsHardwareAccelerated && Avx512BW.IsSupported,
        _ => false,
    };

    private static SimdPath Widest()
    {
        if (IsSupported(SimdPath.Vector512))
            return SimdPath.Vector512;
        if (IsSupported(SimdPath.Vector256))
            return SimdPath.Vector256;
        return IsSupported(SimdPath.Vector128) ? SimdPath.Vector128 : SimdPath.Scalar;
    }

    private static SimdPath Cap(SimdPath widest, string? setting)
    {
        SimdPath? cap = setting?.Trim().ToLowerInvariant() switch
        {
            "scalar" => SimdPath.Scalar,
            "128" => SimdPath.Vector128,
            "256" => SimdPath.Vector256,
            "512" => SimdPath.Vector512,
            _ => null,
        };
        return cap is { } value && value < widest ? value : widest;
    }
}
