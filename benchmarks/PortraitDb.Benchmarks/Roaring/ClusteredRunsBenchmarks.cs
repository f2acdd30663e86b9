using System.Numerics;
using BenchmarkDotNet.Attributes;
using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>
/// Run-optimized bitmaps over the 10M universe made of random runs: from position 0, skip a gap of
/// 1 + next() mod MaxGap, then take a run of 1 + next() mod MaxRun values, and so on (SplitMix64, fresh per bitmap).
/// Results are checked against a flat-bitset oracle.
/// </summary>
[MemoryDiagnoser]
public class RoaringClusteredRunsBenchmarks
{
    private RoaringBitmap _left = null!;
    private RoaringBitmap _right = null!;

    /// <summary>"dense runs" (gaps and runs up to 4,096: about 50%) or "sparse runs" (gaps up to 16,384, runs up to 512).</summary>
    [Params("dense runs", "sparse runs")]
    public string Shape { get; set; } = "dense runs";

    /// <summary>Builds both inputs (seeds 31 and 32), run-optimizes them and checks the results with a flat bitset.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (int maxGap, int maxRun) = Shape switch
        {
            "dense runs" => (4096, 4096),
            "sparse runs" => (16384, 512),
            _ => throw new InvalidOperationException($"Unknown shape {Shape}."),
        };
        var leftValues = Generate(31, maxGap, maxRun);
        var rightValues = Generate(32, maxGap, maxRun);
        _left = RoaringBitmap.FromSorted(leftValues);
        _right = RoaringBitmap.FromSorted(rightValues);
        if (!_left.RunOptimize() || !_right.RunOptimize())
            throw new InvalidOperationException("Clustered inputs should hold run containers.");
        Check.Equal(leftValues.Length, _left.Cardinality, $"{Shape}: |A|");
        Check.Equal(rightValues.Length, _right.Cardinality, $"{Shape}: |B|");

        var leftWords = Flat(leftValues);
        var rightWords = Flat(rightValues);
        long and = 0;
        long or = 0;
        for (int index = 0; index < leftWords.Length; index++)
        {
            and += BitOperations.PopCount(leftWords[index] & rightWords[index]);
            or += BitOperations.PopCount(leftWords[index] | rightWords[index]);
        }
        Check.Equal(and, And().Cardinality, $"{Shape}: |And|");
        Check.Equal(and, AndCardinality(), $"{Shape}: AndCardinality");
        Check.Equal(or, Or().Cardinality, $"{Shape}: |Or|");
    }

    /// <summary>A ∧ B, materialized.</summary>
    [Benchmark(Description = "And")]
    public RoaringBitmap And() => RoaringBitmap.And(_left, _right);

    /// <summary>|A ∧ B|.</summary>
    [Benchmark(Description = "AndCardinality")]
    public long AndCardinality() => RoaringBitmap.AndCardinality(_left, _right);

    /// <summary>A ∨ B, materialized.</summary>
    [Benchmark(Description = "Or")]
    public RoaringBitmap Or() => RoaringBitmap.Or(_left, _right);

    /// <summary>The sorted members of one clustered bitmap.</summary>
    public static uint[] Generate(ulong seed, int maxGap, int maxRun)
    {
        var generator = new SplitMix64(seed);
        var values = new List<uint>();
        long position = 0;
        while (true)
        {
            position += 1 + (long)(generator.Next() % (ulong)maxGap);
            long end = Math.Min(position + 1 + (long)(generator.Next() % (ulong)maxRun), SeededBitmaps.Universe);
            if (position >= SeededBitmaps.Universe)
                break;
            for (long value = position; value < end; value++)
                values.Add((uint)value);
            position = end;
        }
        return [.. values];
    }

    private static ulong[] Flat(uint[] values)
    {
        var words = new ulong[(SeededBitmaps.Universe + 63) / 64];
        foreach (uint value in values)
            words[value >> 6] |= 1UL << (int)value;
        return words;
    }
}
