using System.Numerics;
using System.Runtime.CompilerServices;

namespace PortraitDb.DataGen;

/// <summary>xoshiro256** seeded through SplitMix64: small, fast and identical on every platform.</summary>
internal struct Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Seeds the state for one block, so blocks can be generated in any order or in parallel.</summary>
    public Xoshiro256(ulong seed, ulong stream)
    {
        // Mixing the stream through SplitMix64 first keeps neighbouring blocks' sequences unrelated.
        var x = seed ^ SplitMix64(ref stream);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A value in [0, <paramref name="bound"/>) by multiply-shift (Lemire), without the rejection step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Below(uint bound) => (uint)(((Next() >> 32) * bound) >> 32);

    /// <summary>True with probability <paramref name="perMille"/>/1000.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PerMille(int perMille) => Below(1000) < (uint)perMille;

    /// <summary>A double in (0, 1]: never zero, so it can be divided by.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double UnitOpen() => ((Next() >> 11) + 1) * (1.0 / (1UL << 53));
}
