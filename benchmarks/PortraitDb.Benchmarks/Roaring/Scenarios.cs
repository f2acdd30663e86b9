using PortraitDb.Bitmaps;

namespace PortraitDb.Benchmarks.Roaring;

/// <summary>A pair of seeded inputs of notes/roaring.md §4.1 with its published results.</summary>
public sealed record PairScenario(
    string Name,
    Density LeftDensity,
    ulong LeftSeed,
    Density RightDensity,
    ulong RightSeed,
    long LeftCardinality,
    long RightCardinality,
    long AndCardinality,
    long OrCardinality)
{
    /// <summary>|A ⊕ B| = |A ∨ B| − |A ∧ B|.</summary>
    public long XorCardinality => OrCardinality - AndCardinality;

    /// <summary>|A ∖ B| = |A| − |A ∧ B|.</summary>
    public long AndNotCardinality => LeftCardinality - AndCardinality;

    /// <summary>Builds (or fetches) both inputs and checks every published cardinality on them.</summary>
    public (RoaringBitmap Left, RoaringBitmap Right) Load()
    {
        var left = SeededBitmaps.Bitmap(LeftDensity, LeftSeed);
        var right = SeededBitmaps.Bitmap(RightDensity, RightSeed);
        Check.Equal(LeftCardinality, left.Cardinality, $"{Name}: |A|");
        Check.Equal(RightCardinality, right.Cardinality, $"{Name}: |B|");
        Check.Equal(AndCardinality, RoaringBitmap.AndCardinality(left, right), $"{Name}: AndCardinality");
        Check.Equal(OrCardinality, RoaringBitmap.OrCardinality(left, right), $"{Name}: OrCardinality");
        return (left, right);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>Four seeded inputs of notes/roaring.md §4.2 with the cardinality of their AND.</summary>
public sealed record FourWayScenario(string Name, Density[] Densities, long AndCardinality)
{
    /// <summary>Seeds 11, 12, 13, 14 at the scenario's densities, with their cardinalities checked.</summary>
    public RoaringBitmap[] Load()
    {
        var bitmaps = new RoaringBitmap[4];
        for (int index = 0; index < 4; index++)
        {
            ulong seed = 11 + (ulong)index;
            bitmaps[index] = SeededBitmaps.Bitmap(Densities[index], seed);
            long expected = SeededBitmaps.ExpectedCardinality(Densities[index], seed)
                ?? throw new InvalidOperationException($"No published cardinality for {Densities[index]} seed {seed}.");
            Check.Equal(expected, bitmaps[index].Cardinality, $"{Name}: input {index} ({SeededBitmaps.Label(Densities[index])} seed {seed})");
        }
        return bitmaps;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The published scenarios.</summary>
public static class Scenarios
{
    /// <summary>50% (seed 1) vs 50% (seed 2): all bitsets.</summary>
    public static readonly PairScenario Dense = new("50/50", Density.Half, 1, Density.Half, 2, 5_001_638, 5_000_781, 2_500_539, 7_501_880);

    /// <summary>1% (seed 3) vs 1% (seed 4): all arrays.</summary>
    public static readonly PairScenario Sparse = new("1/1", Density.Hundredth, 3, Density.Hundredth, 4, 99_601, 100_155, 1_003, 198_753);

    /// <summary>50% (seed 1) vs 1% (seed 4): bitset vs array.</summary>
    public static readonly PairScenario Mixed = new("50/1", Density.Half, 1, Density.Hundredth, 4, 5_001_638, 100_155, 50_118, 5_051_675);

    /// <summary>0.1% (seed 5) vs 0.1% (seed 6).</summary>
    public static readonly PairScenario VerySparse = new("0.1/0.1", Density.Thousandth, 5, Density.Thousandth, 6, 9_956, 10_078, 7, 20_027);

    /// <summary>All pairs of §4.1, by name.</summary>
    public static readonly IReadOnlyList<PairScenario> Pairs = [Dense, Sparse, Mixed, VerySparse];

    /// <summary>4 × 50%, seeds 11..14.</summary>
    public static readonly FourWayScenario FourDense = new("4x50%", [Density.Half, Density.Half, Density.Half, Density.Half], 625_719);

    /// <summary>4 × 10%, seeds 11..14.</summary>
    public static readonly FourWayScenario FourTenth = new("4x10%", [Density.Tenth, Density.Tenth, Density.Tenth, Density.Tenth], 1_025);

    /// <summary>50% s11 / 10% s12 / 1% s13 / 0.1% s14, in that order.</summary>
    public static readonly FourWayScenario FourMixed = new("50/10/1/0.1%", [Density.Half, Density.Tenth, Density.Hundredth, Density.Thousandth], 3);

    /// <summary>All four-way cases of §4.2.</summary>
    public static readonly IReadOnlyList<FourWayScenario> FourWays = [FourDense, FourTenth, FourMixed];

    /// <summary>The pair with this name.</summary>
    public static PairScenario Pair(string name) => Pairs.Single(pair => pair.Name == name);

    /// <summary>The four-way case with this name.</summary>
    public static FourWayScenario FourWay(string name) => FourWays.Single(scenario => scenario.Name == name);
}
