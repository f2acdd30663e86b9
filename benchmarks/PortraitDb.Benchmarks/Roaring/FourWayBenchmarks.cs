using BenchmarkDotNet.Attributes;
using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>The AND of four bitmaps (seeds 11..14) of notes/roaring.md §4.2.</summary>
[MemoryDiagnoser]
public class RoaringFourWayBenchmarks
{
    private RoaringBitmap[] _inputs = null!;

    /// <summary>"4x50%", "4x10%" or "50/10/1/0.1%".</summary>
    [ParamsSource(nameof(CaseNames))]
    public string Case { get; set; } = Scenarios.FourDense.Name;

    /// <summary>The names of the cases.</summary>
    public static IEnumerable<string> CaseNames => Scenarios.FourWays.Select(scenario => scenario.Name);

    /// <summary>Builds the inputs and checks every variant's result against the notes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var scenario = Scenarios.FourWay(Case);
        _inputs = scenario.Load();
        Check.Equal(scenario.AndCardinality, AndManyCardinality(), $"{Case}: AndManyCardinality");
        Check.Equal(scenario.AndCardinality, AndMany().Cardinality, $"{Case}: |AndMany|");
        Check.Equal(scenario.AndCardinality, NaiveChainCardinality(), $"{Case}: naive chain");
    }

    /// <summary>|A ∧ B ∧ C ∧ D| without materializing anything.</summary>
    [Benchmark(Description = "AndManyCardinality")]
    public long AndManyCardinality() => RoaringBitmap.AndManyCardinality(_inputs);

    /// <summary>A ∧ B ∧ C ∧ D, materialized.</summary>
    [Benchmark(Description = "AndMany")]
    public RoaringBitmap AndMany() => RoaringBitmap.AndMany(_inputs);

    /// <summary>CRoaring's naive chain: and → and_inplace → and_cardinality, in the given order.</summary>
    [Benchmark(Description = "Chain And>IntersectWith>AndCardinality")]
    public long NaiveChainCardinality()
    {
        var partial = RoaringBitmap.And(_inputs[0], _inputs[1]);
        partial.IntersectWith(_inputs[2]);
        return RoaringBitmap.AndCardinality(partial, _inputs[3]);
    }
}
