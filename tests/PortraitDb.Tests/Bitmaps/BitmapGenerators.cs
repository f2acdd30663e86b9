using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using PortraitDb.Bitmaps;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>The shape of the values one region puts into one container key.</summary>
public enum RegionKind
{
    /// <summary>A few random values.</summary>
    Sparse,
    /// <summary>Exactly 4096 distinct values: the largest array container.</summary>
    Exactly4096,
    /// <summary>Exactly 4097 distinct values: the smallest bitset container.</summary>
    Exactly4097,
    /// <summary>All 65,536 values of the key.</summary>
    Full,
    /// <summary>One long run.</summary>
    LongRun,
    /// <summary>Many short runs separated by short gaps.</summary>
    ShortRuns,
    /// <summary>The low values 0 and 65535 (and sometimes their neighbours).</summary>
    Edges,
    /// <summary>Many random values: a bitset.</summary>
    Dense,
    /// <summary>Values added and then all removed again: the container must disappear.</summary>
    Vanishing,
    /// <summary>4097 values then one or more removed: a bitset shrinking back to an array.</summary>
    Shrinking,
    /// <summary>A full block with every k-th value removed: very many runs.</summary>
    Comb,
}

/// <summary>How a case's bitmap is built from its values.</summary>
public enum BuildMode
{
    /// <summary>Add, one value at a time, in random order.</summary>
    AddShuffled,
    /// <summary>AddMany over the values in random order.</summary>
    AddMany,
    /// <summary>FromSorted over the sorted values with duplicates.</summary>
    FromSorted,
    /// <summary>AddRange for every interval (runs stay run containers).</summary>
    Ranges,
}

/// <summary>One region of values inside one container key: intervals added, then values removed.</summary>
public sealed record Region(ushort Key, RegionKind Kind, int Seed)
{
    private List<(int Start, int End)>? _adds;
    private List<int>? _removes;

    /// <summary>Half-open intervals [start, end) of low values to add.</summary>
    public List<(int Start, int End)> Adds() => _adds ??= ComputeAdds();

    /// <summary>Low values to remove after every region's values were added.</summary>
    public List<int> Removes() => _removes ??= ComputeRemoves();

    private List<(int Start, int End)> ComputeAdds()
    {
        var random = new Random(Seed);
        var adds = new List<(int Start, int End)>();
        switch (Kind)
        {
            case RegionKind.Sparse:
                {
                    int count = random.Next(1, 300);
                    for (int index = 0; index < count; index++)
                        AddValue(adds, random.Next(65536));
                    break;
                }
            case RegionKind.Exactly4096:
                AddDistinct(adds, random, 4096);
                break;
            case RegionKind.Exactly4097:
            case RegionKind.Shrinking:
                AddDistinct(adds, random, 4097);
                break;
            case RegionKind.Full:
            case RegionKind.Comb:
                adds.Add((0, 65536));
                break;
            case RegionKind.LongRun:
                {
                    int length = random.Next(1000, 60000);
                    int start = random.Next(0, 65536 - length + 1);
                    adds.Add((start, start + length));
                    break;
                }
            case RegionKind.ShortRuns:
                {
                    int runs = random.Next(10, 2500);
                    int position = random.Next(0, 50);
                    for (int run = 0; run < runs && position < 65536; run++)
                    {
                        int end = Math.Min(65536, position + random.Next(1, 9));
                        adds.Add((position, end));
                        position = end + random.Next(1, 21);
                    }
                    break;
                }
            case RegionKind.Edges:
                AddValue(adds, 0);
                AddValue(adds, 65535);
                if (random.Next(2) == 0)
                {
                    AddValue(adds, 1);
                    AddValue(adds, 65534);
                }
                break;
            case RegionKind.Dense:
                {
                    int count = random.Next(5000, 40000);
                    for (int index = 0; index < count; index++)
                        AddValue(adds, random.Next(65536));
                    break;
                }
            case RegionKind.Vanishing:
                {
                    int count = random.Next(1, 5000);
                    for (int index = 0; index < count; index++)
                        AddValue(adds, random.Next(65536));
                    break;
                }
        }
        return adds;
    }

    private List<int> ComputeRemoves()
    {
        var random = new Random(Seed ^ 0x5F3759DF);
        var removes = new List<int>();
        switch (Kind)
        {
            case RegionKind.Vanishing:
                foreach (var (start, end) in Adds())
                {
                    for (int value = start; value < end; value++)
                        removes.Add(value);
                }
                break;
            case RegionKind.Shrinking:
                {
                    var values = Adds().Select(range => range.Start).ToArray();
                    int count = random.Next(2) == 0 ? 1 : random.Next(1, 200);
                    for (int index = 0; index < count; index++)
                        removes.Add(values[random.Next(values.Length)]);
                    break;
                }
            case RegionKind.Comb:
                {
                    int step = random.Next(2, 6);
                    for (int value = random.Next(step); value < 65536; value += step)
                        removes.Add(value);
                    break;
                }
        }
        return removes;
    }

    private static void AddValue(List<(int Start, int End)> adds, int value) => adds.Add((value, value + 1));

    private static void AddDistinct(List<(int Start, int End)> adds, Random random, int count)
    {
        // A random subset of a random window, so that the values are sometimes clustered, sometimes spread.
        int window = random.Next(count, 65537);
        int offset = random.Next(0, 65536 - window + 1);
        var chosen = new HashSet<int>();
        while (chosen.Count < count)
            chosen.Add(offset + random.Next(window));
        foreach (int value in chosen)
            AddValue(adds, value);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}@{Key}#{Seed}");
}

/// <summary>A generated bitmap: its regions, how it is built, and whether it is run-optimized afterwards.</summary>
public sealed record BitmapCase(Region[] Regions, BuildMode Mode, bool Optimize)
{
    /// <summary>The model's values.</summary>
    public SortedSet<uint> Model()
    {
        var values = new List<uint>();
        foreach (var region in Regions)
        {
            uint high = (uint)region.Key << 16;
            foreach (var (start, end) in region.Adds())
            {
                for (int value = start; value < end; value++)
                    values.Add(high | (uint)value);
            }
        }
        var model = new SortedSet<uint>(values);
        foreach (var region in Regions)
        {
            uint high = (uint)region.Key << 16;
            foreach (int value in region.Removes())
                model.Remove(high | (uint)value);
        }
        return model;
    }

    public RoaringBitmap Build()
    {
        var random = new Random(Regions.Length == 0 ? 17 : Regions[0].Seed);
        RoaringBitmap bitmap;
        if (Mode == BuildMode.Ranges)
        {
            bitmap = new RoaringBitmap();
            foreach (var region in Regions)
            {
                ulong high = (ulong)region.Key << 16;
                foreach (var (start, end) in region.Adds())
                    bitmap.AddRange(high + (ulong)start, high + (ulong)end);
            }
        }
        else
        {
            var values = new List<uint>();
            foreach (var region in Regions)
            {
                uint high = (uint)region.Key << 16;
                foreach (var (start, end) in region.Adds())
                {
                    for (int value = start; value < end; value++)
                        values.Add(high | (uint)value);
                }
            }
            var array = values.ToArray();
            if (Mode == BuildMode.FromSorted)
            {
                Array.Sort(array);
                bitmap = RoaringBitmap.FromSorted(array);
            }
            else
            {
                random.Shuffle(array);
                bitmap = new RoaringBitmap();
                if (Mode == BuildMode.AddMany)
                {
                    bitmap.AddMany(array);
                }
                else
                {
                    foreach (uint value in array)
                        bitmap.Add(value);
                }
            }
        }
        foreach (var region in Regions)
        {
            uint high = (uint)region.Key << 16;
            foreach (int value in region.Removes())
                bitmap.Remove(high | (uint)value);
        }
        if (Optimize)
            bitmap.RunOptimize();
        return bitmap;
    }

    public override string ToString() =>
        $"[{string.Join(", ", Regions.Select(region => region.ToString()))}] {Mode}{(Optimize ? " optimized" : "")}";
}

/// <summary>Zero to six generated bitmaps, for the many-way operations.</summary>
public sealed record BitmapCases(BitmapCase[] Cases)
{
    public override string ToString() => string.Join(" | ", Cases.Select(item => item.ToString()));
}

/// <summary>One step of the stateful property.</summary>
public sealed record Mutation(string Operation, uint Value, ulong Start, ulong End, BitmapCase? Other)
{
    public override string ToString() => Operation switch
    {
        "Add" or "Remove" => $"{Operation}({Value})",
        "AddRange" or "RemoveRange" or "Flip" => $"{Operation}({Start}, {End})",
        "RunOptimize" => "RunOptimize()",
        _ => $"{Operation}({Other})",
    };
}

/// <summary>A sequence of 50 mutations.</summary>
public sealed record MutationSequence(Mutation[] Steps)
{
    public override string ToString() => string.Join("; ", Steps.Select(step => step.ToString()));
}

/// <summary>Generators that hit the container boundaries. Keys 0..3 and 65535 so that operations overlap.</summary>
public static class BitmapArbitraries
{
    private static readonly ushort[] InterestingKeys = [0, 1, 2, 3, 65535];

    public static Gen<Region> RegionGen() =>
        from key in Gen.Elements(InterestingKeys)
        from kind in Gen.Frequency(
            (6, Gen.Constant(RegionKind.Sparse)),
            (2, Gen.Constant(RegionKind.Exactly4096)),
            (2, Gen.Constant(RegionKind.Exactly4097)),
            (1, Gen.Constant(RegionKind.Full)),
            (2, Gen.Constant(RegionKind.LongRun)),
            (2, Gen.Constant(RegionKind.ShortRuns)),
            (3, Gen.Constant(RegionKind.Edges)),
            (1, Gen.Constant(RegionKind.Dense)),
            (2, Gen.Constant(RegionKind.Vanishing)),
            (2, Gen.Constant(RegionKind.Shrinking)),
            (1, Gen.Constant(RegionKind.Comb)))
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new Region(key, kind, seed);

    public static Gen<BitmapCase> CaseGen(int maxRegions) =>
        from count in Gen.Frequency((1, Gen.Constant(0)), (9, Gen.Choose(1, maxRegions)))
        from regions in Gen.ArrayOf(RegionGen(), count)
        from mode in Gen.Elements(BuildMode.AddShuffled, BuildMode.AddMany, BuildMode.FromSorted, BuildMode.Ranges)
        from optimize in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new BitmapCase(regions, mode, optimize);

    public static IEnumerable<BitmapCase> ShrinkCase(BitmapCase item)
    {
        for (int index = 0; index < item.Regions.Length; index++)
            yield return item with { Regions = [.. item.Regions[..index], .. item.Regions[(index + 1)..]] };
        if (item.Optimize)
            yield return item with { Optimize = false };
        if (item.Mode != BuildMode.FromSorted)
            yield return item with { Mode = BuildMode.FromSorted };
    }

    public static Arbitrary<BitmapCase> BitmapCase() => Arb.From(CaseGen(4), ShrinkCase);

    public static Arbitrary<BitmapCases> BitmapCases() => Arb.From(
        from count in Gen.Choose(0, 6)
        from cases in Gen.ArrayOf(CaseGen(3), count)
        select new BitmapCases(cases),
        item => Enumerable.Range(0, item.Cases.Length)
            .Select(index => new BitmapCases([.. item.Cases[..index], .. item.Cases[(index + 1)..]])));

    /// <summary>A value near the container boundaries of the keys in play.</summary>
    public static Gen<uint> ValueGen() =>
        from key in Gen.Elements(InterestingKeys)
        from low in Gen.Frequency(
            (1, Gen.Elements(0, 1, 2, 4095, 4096, 4097, 32767, 32768, 65534, 65535)),
            (2, Gen.Choose(0, 65535)))
        select ((uint)key << 16) | (uint)low;

    public static Gen<(ulong Start, ulong End)> RangeGen() =>
        from start in ValueGen()
        from length in Gen.Frequency(
            (1, Gen.Elements(0, 1, 2, 3, 4095, 4096, 4097, 65535, 65536, 65537)),
            (4, Gen.Choose(0, 300)),
            (1, Gen.Choose(0, 140000)))
        select ((ulong)start, Math.Min((ulong)start + (ulong)length, 1UL << 32));

    public static Gen<Mutation> MutationGen() =>
        from operation in Gen.Frequency(
            (3, Gen.Constant("Add")),
            (3, Gen.Constant("Remove")),
            (2, Gen.Constant("AddRange")),
            (2, Gen.Constant("RemoveRange")),
            (2, Gen.Constant("Flip")),
            (1, Gen.Constant("IntersectWith")),
            (1, Gen.Constant("UnionWith")),
            (1, Gen.Constant("ExceptWith")),
            (1, Gen.Constant("SymmetricExceptWith")),
            (1, Gen.Constant("RunOptimize")),
            (1, Gen.Constant("AddMany")),
            (1, Gen.Constant("Clear")))
        from value in ValueGen()
        from range in RangeGen()
        from other in CaseGen(2)
        select new Mutation(
            operation,
            value,
            range.Start,
            range.End,
            operation.EndsWith("With", StringComparison.Ordinal) || operation == "AddMany" ? other : null);

    public static Arbitrary<MutationSequence> MutationSequence() =>
        Arb.From(Gen.ArrayOf(MutationGen(), 50).Select(steps => new MutationSequence(steps)));
}
