using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>Densities of the seeded random inputs of notes/roaring.md §4.</summary>
public enum Density
{
    /// <summary>50%: T = 8,388,608.</summary>
    Half,

    /// <summary>10%: T = 1,677,721.</summary>
    Tenth,

    /// <summary>1%: T = 167,772.</summary>
    Hundredth,

    /// <summary>0.1%: T = 16,777.</summary>
    Thousandth,
}

/// <summary>
/// The deterministic random inputs that the CRoaring speed anchors were measured on (notes/roaring.md §4):
/// a fresh SplitMix64 generator per bitmap with state = seed; i in [0, 10,000,000) is a member iff
/// (next() &gt;&gt; 40) &lt; T. Inputs are cached, so several suites and the report share them.
/// </summary>
public static class SeededBitmaps
{
    /// <summary>The universe of every seeded bitmap: [0, 10,000,000).</summary>
    public const int Universe = 10_000_000;

    private static readonly Dictionary<(Density, ulong), uint[]> ValueCache = [];
    private static readonly Dictionary<(Density, ulong), RoaringBitmap> BitmapCache = [];
    private static readonly Lock CacheLock = new();

    /// <summary>The membership threshold on next() &gt;&gt; 40 for a density.</summary>
    public static ulong Threshold(Density density) => density switch
    {
        Density.Half => 8_388_608,
        Density.Tenth => 1_677_721,
        Density.Hundredth => 167_772,
        Density.Thousandth => 16_777,
        _ => throw new ArgumentOutOfRangeException(nameof(density)),
    };

    /// <summary>Label such as "50%" or "0.1%".</summary>
    public static string Label(Density density) => density switch
    {
        Density.Half => "50%",
        Density.Tenth => "10%",
        Density.Hundredth => "1%",
        Density.Thousandth => "0.1%",
        _ => throw new ArgumentOutOfRangeException(nameof(density)),
    };

    /// <summary>The sorted members for (density, seed); the array is shared, do not modify it.</summary>
    public static uint[] Values(Density density, ulong seed)
    {
        lock (CacheLock)
        {
            if (!ValueCache.TryGetValue((density, seed), out var values))
            {
                values = Generate(Threshold(density), seed);
                ValueCache[(density, seed)] = values;
            }
            return values;
        }
    }

    /// <summary>
    /// The bitmap for (density, seed), built with FromSorted and not run-optimized (as in the notes), and checked
    /// against the expected cardinality when the notes give one. Shared: callers must not modify it.
    /// </summary>
    public static RoaringBitmap Bitmap(Density density, ulong seed)
    {
        lock (CacheLock)
        {
            if (!BitmapCache.TryGetValue((density, seed), out var bitmap))
            {
                bitmap = RoaringBitmap.FromSorted(Values(density, seed));
                long? expected = ExpectedCardinality(density, seed);
                if (expected is long cardinality)
                    Check.Equal(cardinality, bitmap.Cardinality, $"|{Label(density)} seed {seed}|");
                BitmapCache[(density, seed)] = bitmap;
            }
            return bitmap;
        }
    }

    /// <summary>Input cardinalities published in notes/roaring.md §4.1 and §4.2; null when not listed.</summary>
    public static long? ExpectedCardinality(Density density, ulong seed) => (density, seed) switch
    {
        (Density.Half, 1) => 5_001_638,
        (Density.Half, 2) => 5_000_781,
        (Density.Hundredth, 3) => 99_601,
        (Density.Hundredth, 4) => 100_155,
        (Density.Thousandth, 5) => 9_956,
        (Density.Thousandth, 6) => 10_078,
        (Density.Half, 11) => 5_000_757,
        (Density.Half, 12) => 5_001_727,
        (Density.Half, 13) => 4_999_887,
        (Density.Half, 14) => 5_000_602,
        (Density.Tenth, 11) => 1_000_710,
        (Density.Tenth, 12) => 998_387,
        (Density.Tenth, 13) => 999_776,
        (Density.Tenth, 14) => 1_001_575,
        (Density.Hundredth, 13) => 100_416,
        (Density.Thousandth, 14) => 9_896,
        _ => null,
    };

    /// <summary>Runs the membership rule over the whole universe.</summary>
    public static uint[] Generate(ulong threshold, ulong seed)
    {
        var generator = new SplitMix64(seed);
        var members = new List<uint>((int)Math.Min(Universe, (long)(Universe * (threshold / 16_777_216.0) * 1.01) + 64));
        for (uint i = 0; i < Universe; i++)
        {
            if ((generator.Next() >> 40) < threshold)
                members.Add(i);
        }
        return [.. members];
    }
}

/// <summary>SplitMix64 exactly as written in notes/roaring.md §4.</summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64-bit output.</summary>
    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15;
        ulong z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}

/// <summary>Correctness guards for benchmark setup: a fast wrong answer must fail, not be reported.</summary>
public static class Check
{
    /// <summary>Throws when <paramref name="actual"/> differs from <paramref name="expected"/>.</summary>
    /// <exception cref="InvalidOperationException">The values differ.</exception>
    public static void Equal(long expected, long actual, string what)
    {
        if (expected != actual)
            throw new InvalidOperationException($"Benchmark input check failed: {what} is {actual:N0}, expected {expected:N0}.");
    }
}
