using BenchmarkDotNet.Attributes;
using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>Pairwise set algebra over the 10M universe on the four input pairs of notes/roaring.md §4.1.</summary>
[MemoryDiagnoser]
public class RoaringPairwiseBenchmarks
{
    private RoaringBitmap _left = null!;
    private RoaringBitmap _right = null!;

    /// <summary>The input pair: "50/50", "1/1", "50/1" or "0.1/0.1" (densities in percent).</summary>
    [ParamsSource(nameof(PairNames))]
    public string Pair { get; set; } = Scenarios.Dense.Name;

    /// <summary>The names of the pairs.</summary>
    public static IEnumerable<string> PairNames => Scenarios.Pairs.Select(pair => pair.Name);

    /// <summary>Builds the inputs and checks every operation's result against the notes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var scenario = Scenarios.Pair(Pair);
        (_left, _right) = scenario.Load();
        Check.Equal(scenario.AndCardinality, And().Cardinality, $"{Pair}: |And|");
        Check.Equal(scenario.OrCardinality, Or().Cardinality, $"{Pair}: |Or|");
        Check.Equal(scenario.XorCardinality, Xor().Cardinality, $"{Pair}: |Xor|");
        Check.Equal(scenario.AndNotCardinality, AndNot().Cardinality, $"{Pair}: |AndNot|");
        Check.Equal(scenario.AndCardinality, AndCardinality(), $"{Pair}: AndCardinality");
        Check.Equal(scenario.OrCardinality, OrCardinality(), $"{Pair}: OrCardinality");
        Check.Equal(scenario.LeftCardinality, Clone().Cardinality, $"{Pair}: |Clone|");
        Check.Equal(scenario.AndCardinality, CloneIntersectWith().Cardinality, $"{Pair}: |IntersectWith|");
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

    /// <summary>|A ∨ B|.</summary>
    [Benchmark(Description = "OrCardinality")]
    public long OrCardinality() => RoaringBitmap.OrCardinality(_left, _right);

    /// <summary>A ⊕ B, materialized.</summary>
    [Benchmark(Description = "Xor")]
    public RoaringBitmap Xor() => RoaringBitmap.Xor(_left, _right);

    /// <summary>A ∖ B, materialized.</summary>
    [Benchmark(Description = "AndNot")]
    public RoaringBitmap AndNot() => RoaringBitmap.AndNot(_left, _right);

    /// <summary>Clone of A alone: subtract it from "Clone+IntersectWith" to estimate the in-place AND.</summary>
    [Benchmark(Description = "Clone (baseline for in-place)")]
    public RoaringBitmap Clone() => _left.Clone();

    /// <summary>Clone of A, then A.IntersectWith(B).</summary>
    [Benchmark(Description = "Clone+IntersectWith")]
    public RoaringBitmap CloneIntersectWith()
    {
        var copy = _left.Clone();
        copy.IntersectWith(_right);
        return copy;
    }
}
