using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>Every public operation of <see cref="RoaringBitmap"/> against a <see cref="SortedSet{T}"/> model.</summary>
[Properties(Arbitrary = [typeof(BitmapArbitraries)], MaxTest = 100)]
public class RoaringBitmapPropertyTests
{
    private static readonly uint[] Probes = BuildProbes();

    private static uint[] BuildProbes()
    {
        var probes = new List<uint>();
        foreach (uint key in new uint[] { 0, 1, 2, 3, 4, 65534, 65535 })
        {
            foreach (uint low in new uint[] { 0, 1, 2, 4095, 4096, 4097, 32768, 65534, 65535 })
                probes.Add((key << 16) | low);
        }
        return [.. probes];
    }

    /// <summary>Values to ask about: fixed boundary probes, members and their neighbours.</summary>
    private static IEnumerable<uint> ProbesFor(SortedSet<uint> model, int seed)
    {
        foreach (uint probe in Probes)
            yield return probe;
        if (model.Count == 0)
            yield break;
        var random = new Random(seed);
        var values = model.ToArray();
        for (int index = 0; index < 40; index++)
        {
            uint value = values[random.Next(values.Length)];
            yield return value;
            yield return value + 1;
            yield return value - 1;
        }
    }

    /// <summary>Changes every container of the keys in play, in place, to show that no storage is shared.</summary>
    private static void Scramble(RoaringBitmap bitmap)
    {
        bitmap.Flip(0, 4 * 65536);
        bitmap.Flip(65535UL << 16, 1UL << 32);
        bitmap.RunOptimize();
    }

    private static uint[] Sorted(SortedSet<uint> model)
    {
        var values = new uint[model.Count];
        model.CopyTo(values);
        return values;
    }

    [Property]
    public void Build_matches_the_model(BitmapCase item)
    {
        var model = item.Model();
        var bitmap = item.Build();
        BitmapInvariants.CheckEqual(model, bitmap);
    }

    [Property]
    public void Contains_Rank_Min_Max_match_the_model(BitmapCase item, int seed)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var values = Sorted(model);
        foreach (uint probe in ProbesFor(model, seed))
        {
            Assert.Equal(model.Contains(probe), bitmap.Contains(probe));
            int position = Array.BinarySearch(values, probe);
            long rank = position >= 0 ? position + 1 : ~position;
            Assert.Equal(rank, bitmap.Rank(probe));
        }
        Assert.Equal(values.Length, bitmap.Rank(uint.MaxValue));
        if (model.Count == 0)
        {
            Assert.True(bitmap.IsEmpty);
            Assert.Throws<InvalidOperationException>(() => bitmap.Min);
            Assert.Throws<InvalidOperationException>(() => bitmap.Max);
        }
        else
        {
            Assert.False(bitmap.IsEmpty);
            Assert.Equal(model.Min, bitmap.Min);
            Assert.Equal(model.Max, bitmap.Max);
        }
    }

    [Property]
    public void Select_and_TrySelect_match_the_model(BitmapCase item, int seed)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var values = Sorted(model);
        var random = new Random(seed);
        var indexes = new List<long> { -1, 0, values.Length - 1L, values.Length, values.Length + 1L, long.MaxValue, long.MinValue };
        for (int index = 0; index < 50 && values.Length > 0; index++)
            indexes.Add(random.Next(values.Length));
        foreach (long index in indexes)
        {
            bool inRange = index >= 0 && index < values.Length;
            Assert.Equal(inRange, bitmap.TrySelect(index, out uint value));
            if (inRange)
            {
                Assert.Equal(values[index], value);
                Assert.Equal(values[index], bitmap.Select(index));
                Assert.Equal(index + 1, bitmap.Rank(value));
            }
            else
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.Select(index));
            }
        }
    }

    [Property]
    public void Add_and_Remove_return_whether_the_set_changed(BitmapCase item, int seed)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var random = new Random(seed);
        foreach (uint probe in ProbesFor(model, seed).ToArray())
        {
            if (random.Next(2) == 0)
                Assert.Equal(model.Add(probe), bitmap.Add(probe));
            else
                Assert.Equal(model.Remove(probe), bitmap.Remove(probe));
            Assert.Equal(model.Contains(probe), bitmap.Contains(probe));
        }
        BitmapInvariants.CheckEqual(model, bitmap);
    }

    [Property]
    public void AddMany_adds_values_in_any_order(BitmapCase item, BitmapCase other, bool sorted)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var added = Sorted(other.Model());
        if (!sorted)
            new Random(added.Length).Shuffle(added);
        bitmap.AddMany(added);
        model.UnionWith(added);
        BitmapInvariants.CheckEqual(model, bitmap);
    }

    [Property]
    public void FromSorted_accepts_duplicates_and_rejects_descending_input(BitmapCase item, int seed)
    {
        var values = Sorted(item.Model());
        var random = new Random(seed);
        var withDuplicates = values.Concat(values.Where(_ => random.Next(8) == 0)).ToArray();
        Array.Sort(withDuplicates);
        var bitmap = RoaringBitmap.FromSorted(withDuplicates);
        BitmapInvariants.CheckEqual(new SortedSet<uint>(values), bitmap);
        if (values.Length >= 2 && values[0] != values[^1])
        {
            var descending = (uint[])values.Clone();
            int at = random.Next(1, values.Length);
            (descending[at - 1], descending[at]) = (descending[at], descending[at - 1]);
            Assert.Throws<ArgumentException>(() => RoaringBitmap.FromSorted(descending));
        }
    }

    [Property]
    public void Range_operations_match_the_model(BitmapCase item, int seed)
    {
        var random = new Random(seed);
        var model = item.Model();
        var bitmap = item.Build();
        for (int step = 0; step < 6; step++)
        {
            var (start, end) = RandomRange(random);
            switch (random.Next(4))
            {
                case 0:
                    bitmap.AddRange(start, end);
                    ModelRange(model, start, end, (set, value) => set.Add(value));
                    break;
                case 1:
                    bitmap.RemoveRange(start, end);
                    ModelRange(model, start, end, (set, value) => set.Remove(value));
                    break;
                case 2:
                    bitmap.Flip(start, end);
                    ModelRange(model, start, end, (set, value) => _ = set.Remove(value) || set.Add(value));
                    break;
                default:
                    {
                        var fromRange = RoaringBitmap.FromRange(start, end);
                        var rangeModel = new SortedSet<uint>();
                        ModelRange(rangeModel, start, end, (set, value) => set.Add(value));
                        BitmapInvariants.CheckEqual(rangeModel, fromRange);
                        break;
                    }
            }
            BitmapInvariants.CheckEqual(model, bitmap);
        }
    }

    /// <summary>A range starting near a container boundary, of a length around the container sizes.</summary>
    private static (ulong Start, ulong End) RandomRange(Random random)
    {
        ushort[] keys = [0, 1, 2, 3, 65535];
        int[] lows = [0, 1, 2, 4095, 4096, 4097, 32767, 32768, 65534, 65535];
        int[] lengths = [0, 1, 2, 3, 4095, 4096, 4097, 65535, 65536, 65537];
        ulong start = ((ulong)keys[random.Next(keys.Length)] << 16)
            | (uint)(random.Next(3) == 0 ? lows[random.Next(lows.Length)] : random.Next(65536));
        long length = random.Next(4) switch
        {
            0 => lengths[random.Next(lengths.Length)],
            1 => random.Next(140000),
            _ => random.Next(300),
        };
        return (start, Math.Min(start + (ulong)length, 1UL << 32));
    }

    internal static void ModelRange(SortedSet<uint> model, ulong start, ulong end, Action<SortedSet<uint>, uint> apply)
    {
        for (ulong value = start; value < end; value++)
            apply(model, (uint)value);
    }

    [Fact]
    public void Range_operations_reject_reversed_and_oversized_ranges()
    {
        var bitmap = RoaringBitmap.FromRange(10, 20);
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.AddRange(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.RemoveRange(0, (1UL << 32) + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => bitmap.Flip(7, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoaringBitmap.FromRange(0, (1UL << 32) + 1));
        bitmap.AddRange(30, 30);
        Assert.Equal(10, bitmap.Cardinality);
    }

    [Fact]
    public void Full_universe_ranges_work_at_the_top_key()
    {
        var bitmap = RoaringBitmap.FromRange((1UL << 32) - 3, 1UL << 32);
        Assert.Equal([uint.MaxValue - 2, uint.MaxValue - 1, uint.MaxValue], bitmap.ToArray());
        bitmap.Flip((1UL << 32) - 65536, 1UL << 32);
        Assert.Equal(65533, bitmap.Cardinality);
        Assert.Equal(uint.MaxValue - 65535, bitmap.Min);
        Assert.Equal(uint.MaxValue - 3, bitmap.Max);
        BitmapInvariants.Check(bitmap);
    }

    [Property(MaxTest = 100)]
    public void Binary_operations_match_the_model(BitmapCase left, BitmapCase right)
    {
        var l = left.Model();
        var r = right.Model();
        var a = left.Build();
        var b = right.Build();
        var and = new SortedSet<uint>(l);
        and.IntersectWith(r);
        var or = new SortedSet<uint>(l);
        or.UnionWith(r);
        var xor = new SortedSet<uint>(l);
        xor.SymmetricExceptWith(r);
        var andNot = new SortedSet<uint>(l);
        andNot.ExceptWith(r);

        var andBitmap = RoaringBitmap.And(a, b);
        var orBitmap = RoaringBitmap.Or(a, b);
        var xorBitmap = RoaringBitmap.Xor(a, b);
        var andNotBitmap = RoaringBitmap.AndNot(a, b);
        BitmapInvariants.CheckEqual(and, andBitmap);
        BitmapInvariants.CheckEqual(or, orBitmap);
        BitmapInvariants.CheckEqual(xor, xorBitmap);
        BitmapInvariants.CheckEqual(andNot, andNotBitmap);
        BitmapInvariants.CheckEqual(and, a & b);
        BitmapInvariants.CheckEqual(or, a | b);
        BitmapInvariants.CheckEqual(xor, a ^ b);

        Assert.Equal(and.Count, RoaringBitmap.AndCardinality(a, b));
        Assert.Equal(or.Count, RoaringBitmap.OrCardinality(a, b));
        Assert.Equal(xor.Count, RoaringBitmap.XorCardinality(a, b));
        Assert.Equal(andNot.Count, RoaringBitmap.AndNotCardinality(a, b));
        Assert.Equal(and.Count > 0, RoaringBitmap.Intersects(a, b));
        Assert.Equal(and.Count > 0, RoaringBitmap.Intersects(b, a));
        double jaccard = or.Count == 0 ? 0 : (double)and.Count / or.Count;
        Assert.Equal(jaccard, RoaringBitmap.JaccardIndex(a, b));

        // Algebraic identities between the operations themselves.
        Assert.Equal(andBitmap.Cardinality, RoaringBitmap.AndCardinality(b, a));
        Assert.Equal(xorBitmap, RoaringBitmap.AndNot(orBitmap, andBitmap));
        Assert.Equal(andBitmap, RoaringBitmap.And(b, a));
        Assert.Equal(orBitmap, RoaringBitmap.Or(b, a));
        Assert.Equal(a, RoaringBitmap.Or(andNotBitmap, andBitmap));

        // The inputs are unchanged.
        BitmapInvariants.CheckEqual(l, a);
        BitmapInvariants.CheckEqual(r, b);
    }

    [Property]
    public void Binary_operations_with_itself(BitmapCase item)
    {
        var model = item.Model();
        var a = item.Build();
        BitmapInvariants.CheckEqual(model, RoaringBitmap.And(a, a));
        BitmapInvariants.CheckEqual(model, RoaringBitmap.Or(a, a));
        BitmapInvariants.CheckEqual([], RoaringBitmap.Xor(a, a));
        BitmapInvariants.CheckEqual([], RoaringBitmap.AndNot(a, a));
        Assert.Equal(model.Count, RoaringBitmap.AndCardinality(a, a));
        Assert.Equal(model.Count > 0, RoaringBitmap.Intersects(a, a));
        Assert.Equal(model.Count > 0 ? 1.0 : 0.0, RoaringBitmap.JaccardIndex(a, a));

        var copy = a.Clone();
        copy.IntersectWith(copy);
        BitmapInvariants.CheckEqual(model, copy);
        copy.UnionWith(copy);
        BitmapInvariants.CheckEqual(model, copy);
        copy.SymmetricExceptWith(copy);
        BitmapInvariants.CheckEqual([], copy);
        copy = a.Clone();
        copy.ExceptWith(copy);
        BitmapInvariants.CheckEqual([], copy);
        BitmapInvariants.CheckEqual(model, a);
    }

    [Property]
    public void In_place_operations_match_the_model(BitmapCase left, BitmapCase right)
    {
        var l = left.Model();
        var r = right.Model();
        var b = right.Build();

        var intersect = left.Build();
        intersect.IntersectWith(b);
        var union = left.Build();
        union.UnionWith(b);
        var except = left.Build();
        except.ExceptWith(b);
        var symmetric = left.Build();
        symmetric.SymmetricExceptWith(b);

        var model = new SortedSet<uint>(l);
        model.IntersectWith(r);
        BitmapInvariants.CheckEqual(model, intersect);
        model = new SortedSet<uint>(l);
        model.UnionWith(r);
        BitmapInvariants.CheckEqual(model, union);
        model = new SortedSet<uint>(l);
        model.ExceptWith(r);
        BitmapInvariants.CheckEqual(model, except);
        model = new SortedSet<uint>(l);
        model.SymmetricExceptWith(r);
        BitmapInvariants.CheckEqual(model, symmetric);
        BitmapInvariants.CheckEqual(r, b);

        // The results do not share storage with the argument: changing them leaves it intact.
        foreach (var result in new[] { intersect, union, except, symmetric })
        {
            Scramble(result);
            BitmapInvariants.CheckEqual(r, b);
        }
    }

    [Property]
    public void Not_complements_within_the_universe(BitmapCase item, int universeChoice)
    {
        ulong[] universes = [0, 1, 65535, 65536, 65537, 4 * 65536, (4 * 65536) + 4097, 1UL << 32];
        ulong universe = universes[(int)((uint)universeChoice % universes.Length)];
        var model = item.Model();
        var bitmap = item.Build();
        var not = RoaringBitmap.Not(bitmap, universe);
        Assert.Throws<ArgumentOutOfRangeException>(() => RoaringBitmap.Not(bitmap, (1UL << 32) + 1));
        if (universe == 1UL << 32)
        {
            Assert.Equal((long)(1UL << 32) - model.Count, not.Cardinality);
            Assert.False(RoaringBitmap.Intersects(not, bitmap));
            BitmapInvariants.Check(not);
            foreach (uint probe in ProbesFor(model, 3))
                Assert.Equal(!model.Contains(probe), not.Contains(probe));
            return;
        }
        var expected = new SortedSet<uint>();
        for (ulong value = 0; value < universe; value++)
        {
            if (!model.Contains((uint)value))
                expected.Add((uint)value);
        }
        BitmapInvariants.CheckEqual(expected, not);
        BitmapInvariants.CheckEqual(model, bitmap);
    }

    [Property(MaxTest = 100)]
    public void Many_way_operations_match_the_model(BitmapCases cases)
    {
        var models = cases.Cases.Select(item => item.Model()).ToArray();
        var bitmaps = cases.Cases.Select(item => item.Build()).ToArray();
        SortedSet<uint> and;
        var or = new SortedSet<uint>();
        if (models.Length == 0)
        {
            and = [];
        }
        else
        {
            and = new SortedSet<uint>(models[0]);
            foreach (var model in models.Skip(1))
                and.IntersectWith(model);
        }
        foreach (var model in models)
            or.UnionWith(model);

        var andMany = RoaringBitmap.AndMany(bitmaps);
        BitmapInvariants.CheckEqual(and, andMany);
        Assert.Equal(and.Count, RoaringBitmap.AndManyCardinality(bitmaps));
        for (int partitions = 2; partitions <= 5; partitions++)
            Assert.Equal(and.Count, RoaringBitmap.AndManyCardinality([.. bitmaps], partitions, CancellationToken.None));
        BitmapInvariants.CheckEqual(or, RoaringBitmap.OrMany(bitmaps));

        // The pairwise operations agree with the many-way ones.
        if (bitmaps.Length > 0)
        {
            var folded = bitmaps[0];
            foreach (var bitmap in bitmaps.Skip(1))
                folded = RoaringBitmap.And(folded, bitmap);
            Assert.Equal(folded, andMany);
        }

        // The inputs are unchanged and the results share no storage with them.
        Scramble(andMany);
        for (int index = 0; index < bitmaps.Length; index++)
            BitmapInvariants.CheckEqual(models[index], bitmaps[index]);
        var orMany = RoaringBitmap.OrMany(bitmaps);
        Scramble(orMany);
        var single = bitmaps.Length > 0 ? RoaringBitmap.AndMany(bitmaps[0]) : null;
        if (single is not null)
            Scramble(single);
        for (int index = 0; index < bitmaps.Length; index++)
            BitmapInvariants.CheckEqual(models[index], bitmaps[index]);
    }

    /// <summary>A sealed write copies only the containers it wrote, keeps their owner, and turns dense arrays into bitsets.</summary>
    [Fact]
    public void Laying_out_copies_only_the_writers_containers()
    {
        var bitmap = new RoaringBitmap();
        for (uint key = 0; key < 4; key++)
        {
            for (uint value = 0; value < 3000; value++)
                bitmap.Add((key << 16) + value * 7);
        }
        bitmap.ContainerAt(1).Owner = 5;
        bitmap.ContainerAt(3).Owner = 5;
        var before = Enumerable.Range(0, 4).Select(bitmap.ContainerAt).ToArray();
        var values = bitmap.ToArray();

        bitmap.LayOutInKeyOrder(owner: 5);

        Assert.Same(before[0], bitmap.ContainerAt(0));
        Assert.Same(before[2], bitmap.ContainerAt(2));
        foreach (int index in new[] { 1, 3 })
        {
            Assert.NotSame(before[index], bitmap.ContainerAt(index));
            Assert.IsType<BitmapContainer>(bitmap.ContainerAt(index));
            Assert.Equal(5, bitmap.ContainerAt(index).Owner);
        }
        Assert.IsType<ArrayContainer>(bitmap.ContainerAt(0));
        Assert.Equal(values, bitmap.ToArray());
    }

    /// <summary>The engine's value indexes keep arrays of 2048 values and more as bitsets; every operation must read them alike.</summary>
    [Property(MaxTest = 150)]
    public void Dense_index_form_answers_like_the_roaring_form(BitmapCases cases)
    {
        var models = cases.Cases.Select(item => item.Model()).ToArray();
        var bitmaps = cases.Cases.Select(item => item.Build()).ToArray();
        var dense = cases.Cases.Select(item =>
        {
            var bitmap = item.Build();
            var before = Enumerable.Range(0, bitmap.ContainerCount).Select(bitmap.ContainerAt).ToArray();
            bitmap.LayOutInKeyOrder(owner: 0);
            for (int index = 0; index < before.Length; index++)
                Assert.NotSame(before[index], bitmap.ContainerAt(index));
            return bitmap;
        }).ToArray();
        for (int index = 0; index < models.Length; index++)
        {
            Assert.Equal(Sorted(models[index]), dense[index].ToArray());
            Assert.Equal(bitmaps[index].Serialize(), dense[index].Serialize());
            Assert.Equal(bitmaps[index].SerializedSizeInBytes, dense[index].SerializedSizeInBytes);
            Assert.Equal(bitmaps[index], dense[index]);
            Assert.Equal(bitmaps[index].GetHashCode(), dense[index].GetHashCode());
            Assert.Equal(models[index].Count, dense[index].Cardinality);
            foreach (uint probe in ProbesFor(models[index], index))
            {
                Assert.Equal(models[index].Contains(probe), dense[index].Contains(probe));
                Assert.Equal(bitmaps[index].Rank(probe), dense[index].Rank(probe));
            }
            if (models[index].Count > 0)
                Assert.Equal(bitmaps[index].Select(models[index].Count / 2), dense[index].Select(models[index].Count / 2));
            for (int other = 0; other < models.Length; other++)
            {
                Assert.Equal(RoaringBitmap.And(bitmaps[index], bitmaps[other]).ToArray(), RoaringBitmap.And(dense[index], dense[other]).ToArray());
                Assert.Equal(RoaringBitmap.Or(bitmaps[index], bitmaps[other]).ToArray(), RoaringBitmap.Or(dense[index], bitmaps[other]).ToArray());
                Assert.Equal(RoaringBitmap.Xor(bitmaps[index], bitmaps[other]).ToArray(), RoaringBitmap.Xor(dense[index], dense[other]).ToArray());
                Assert.Equal(RoaringBitmap.AndNot(bitmaps[index], bitmaps[other]).ToArray(), RoaringBitmap.AndNot(dense[index], dense[other]).ToArray());
                Assert.Equal(RoaringBitmap.AndCardinality(bitmaps[index], bitmaps[other]), RoaringBitmap.AndCardinality(dense[index], dense[other]));
                Assert.Equal(RoaringBitmap.Intersects(bitmaps[index], bitmaps[other]), RoaringBitmap.Intersects(bitmaps[index], dense[other]));
            }
        }
        var and = new SortedSet<uint>(models.Length == 0 ? [] : models[0]);
        foreach (var model in models.Skip(1))
            and.IntersectWith(model);
        Assert.Equal(Sorted(and), RoaringBitmap.AndMany(dense).ToArray());
        Assert.Equal(and.Count, RoaringBitmap.AndManyCardinality(dense));
        Assert.Equal(and.Count, RoaringBitmap.AndManyCardinality([.. dense, .. bitmaps]));
        Assert.Equal(and.Count, RoaringBitmap.AndManyCardinality([.. dense], 3, CancellationToken.None));
        Assert.Equal(RoaringBitmap.OrMany(bitmaps).ToArray(), RoaringBitmap.OrMany(dense).ToArray());

        // Writes on the dense form keep the model's values.
        if (dense.Length > 0)
        {
            var model = new SortedSet<uint>(models[0]);
            var random = new Random(models[0].Count);
            foreach (uint value in model.Take(50).ToArray())
            {
                dense[0].Remove(value);
                model.Remove(value);
            }
            for (int step = 0; step < 50; step++)
            {
                uint value = (uint)random.Next(4 * 65536);
                dense[0].Add(value);
                model.Add(value);
            }
            Assert.Equal(Sorted(model), dense[0].ToArray());
            Assert.Equal(model.Count, dense[0].Cardinality);
        }
    }

    [Property(MaxTest = 100)]
    public void Many_way_intersection_of_the_same_bitmap_repeated(BitmapCase item, int copies)
    {
        int count = 2 + (int)((uint)copies % 5);
        var model = item.Model();
        var bitmap = item.Build();
        var bitmaps = Enumerable.Range(0, count).Select(index => index % 2 == 0 ? bitmap : item.Build()).ToArray();
        BitmapInvariants.CheckEqual(model, RoaringBitmap.AndMany(bitmaps));
        Assert.Equal(model.Count, RoaringBitmap.AndManyCardinality(bitmaps));
        BitmapInvariants.CheckEqual(model, RoaringBitmap.OrMany(bitmaps));
    }

    [Property]
    public void Enumeration_and_copying_yield_the_values_in_order(BitmapCase item)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var expected = Sorted(model);
        Assert.Equal(expected, bitmap.ToArray());

        var list = new List<uint>();
        foreach (uint value in bitmap)
            list.Add(value);
        Assert.Equal(expected, list);
        Assert.Equal(expected, ((IEnumerable<uint>)bitmap).ToArray());

        var destination = new uint[expected.Length + 3];
        destination.AsSpan().Fill(7);
        Assert.Equal(expected.Length, bitmap.CopyTo(destination));
        Assert.Equal(expected, destination[..expected.Length]);
        Assert.Equal([7u, 7u, 7u], destination[expected.Length..]);
        if (expected.Length > 0)
            Assert.Throws<ArgumentException>(() => bitmap.CopyTo(new uint[expected.Length - 1]));
    }

    [Property]
    public void Batch_iterator_fills_and_advances_like_the_model(BitmapCase item, int seed)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var expected = Sorted(model);
        var random = new Random(seed);

        // Plain fills with random buffer sizes.
        var iterator = bitmap.GetBatchIterator();
        var collected = new List<uint>();
        var buffer = new uint[5000];
        while (true)
        {
            int written = iterator.Fill(buffer.AsSpan(0, random.Next(1, 5001)));
            if (written == 0)
                break;
            collected.AddRange(buffer.AsSpan(0, written));
        }
        Assert.Equal(expected, collected);
        Assert.Equal(0, iterator.Fill(buffer));

        // Fills interleaved with AdvanceTo, forwards and backwards.
        iterator = bitmap.GetBatchIterator();
        int position = 0;
        var targets = ProbesFor(model, seed).ToArray();
        for (int step = 0; step < 60; step++)
        {
            if (random.Next(2) == 0)
            {
                uint target = targets[random.Next(targets.Length)];
                iterator.AdvanceTo(target);
                int lowerBound = Array.BinarySearch(expected, target);
                lowerBound = lowerBound >= 0 ? lowerBound : ~lowerBound;
                position = Math.Max(position, lowerBound);
            }
            else
            {
                int size = random.Next(1, 5001);
                int written = iterator.Fill(buffer.AsSpan(0, size));
                int expectedCount = Math.Min(size, expected.Length - position);
                Assert.Equal(expectedCount, written);
                Assert.Equal(expected.AsSpan(position, expectedCount).ToArray(), buffer.AsSpan(0, written).ToArray());
                position += written;
            }
        }
    }

    [Property]
    public void RunOptimize_keeps_the_set_and_never_grows_the_payload(BitmapCase item)
    {
        var model = item.Model();
        var bitmap = item.Build();
        bool hadRuns = HasRuns(bitmap);
        int payloadBefore = PayloadBytes(bitmap);
        int sizeBefore = bitmap.SerializedSizeInBytes;
        bool anyRuns = bitmap.RunOptimize();
        BitmapInvariants.CheckEqual(model, bitmap);
        Assert.Equal(HasRuns(bitmap), anyRuns);
        Assert.True(PayloadBytes(bitmap) <= payloadBefore, "RunOptimize grew the containers' payload");
        if (!hadRuns)
            Assert.True(bitmap.SerializedSizeInBytes <= sizeBefore, "RunOptimize grew the serialized size");
        Assert.Equal(bitmap.SerializedSizeInBytes, bitmap.Serialize().Length);

        // Optimal afterwards: a second pass changes nothing.
        int sizeAfter = bitmap.SerializedSizeInBytes;
        Assert.Equal(anyRuns, bitmap.RunOptimize());
        Assert.Equal(sizeAfter, bitmap.SerializedSizeInBytes);
        for (int index = 0; index < bitmap.ContainerCount; index++)
        {
            var container = bitmap.ContainerAt(index);
            int best = Math.Min(
                RunContainer.SerializedSize(container.RunCount),
                container.Cardinality <= RoaringConstants.ArrayMaxCardinality ? container.Cardinality * 2 : RoaringConstants.BitsetBytes);
            Assert.Equal(best, container.SerializedSizeInBytes);
        }
        BitmapInvariants.CheckEqual(model, bitmap);
    }

    private static bool HasRuns(RoaringBitmap bitmap)
    {
        for (int index = 0; index < bitmap.ContainerCount; index++)
        {
            if (bitmap.ContainerAt(index) is RunContainer)
                return true;
        }
        return false;
    }

    private static int PayloadBytes(RoaringBitmap bitmap)
    {
        int total = 0;
        for (int index = 0; index < bitmap.ContainerCount; index++)
            total += bitmap.ContainerAt(index).SerializedSizeInBytes;
        return total;
    }

    [Property]
    public void Clone_is_equal_and_independent(BitmapCase item, uint value)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var clone = bitmap.Clone();
        BitmapInvariants.CheckEqual(model, clone);
        Assert.Equal(bitmap, clone);
        Assert.Equal(bitmap.GetHashCode(), clone.GetHashCode());

        Scramble(clone);
        clone.RunOptimize();
        BitmapInvariants.CheckEqual(model, bitmap);
        var other = bitmap.Clone();
        bitmap.Add(value);
        bitmap.Remove(model.Count > 0 ? model.Min : 0);
        Scramble(bitmap);
        BitmapInvariants.CheckEqual(model, other);
    }

    [Property(MaxTest = 100)]
    public void Equality_ignores_the_container_kinds(BitmapCase item, BitmapCase other)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var fromSorted = RoaringBitmap.FromSorted(Sorted(model));
        var optimized = fromSorted.Clone();
        optimized.RunOptimize();
        var ranges = (item with { Mode = BuildMode.Ranges, Optimize = false }).Build();
        foreach (var same in new[] { fromSorted, optimized, ranges })
        {
            Assert.True(bitmap.Equals(same));
            Assert.True(same.Equals(bitmap));
            Assert.True(bitmap.Equals((object)same));
            Assert.Equal(bitmap.GetHashCode(), same.GetHashCode());
        }
        Assert.False(bitmap.Equals(null));
        Assert.False(bitmap.Equals((object)"not a bitmap"));
        Assert.True(bitmap.Equals(bitmap));

        var otherModel = other.Model();
        var otherBitmap = other.Build();
        Assert.Equal(model.SetEquals(otherModel), bitmap.Equals(otherBitmap));
        Assert.Equal(model.SetEquals(otherModel), otherBitmap.Equals(bitmap));
    }

    [Property]
    public void Size_and_ToString_describe_the_bitmap(BitmapCase item)
    {
        var model = item.Model();
        var bitmap = item.Build();
        Assert.True(bitmap.SizeInBytes > 0);
        Assert.True(new RoaringBitmap().SizeInBytes > 0);
        string text = bitmap.ToString();
        Assert.StartsWith("{", text, StringComparison.Ordinal);
        Assert.EndsWith("}", text, StringComparison.Ordinal);
        if (model.Count > 0)
            Assert.Contains(model.Min.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        if (model.Count > 16)
            Assert.Contains($"({model.Count} values)", text, StringComparison.Ordinal);
    }

    [Property]
    public void Serialization_round_trips(BitmapCase item, BitmapCase second)
    {
        var model = item.Model();
        var bitmap = item.Build();
        var bytes = bitmap.Serialize();
        Assert.Equal(bitmap.SerializedSizeInBytes, bytes.Length);
        var read = RoaringBitmap.Deserialize(bytes);
        BitmapInvariants.CheckEqual(model, read);
        Assert.Equal(bitmap, read);
        Assert.Equal(bytes, read.Serialize());

        using var stream = new MemoryStream();
        bitmap.Serialize(stream);
        Assert.Equal(bytes, stream.ToArray());

        // Two bitmaps back to back in one stream and one span.
        var secondModel = second.Model();
        var secondBitmap = second.Build();
        secondBitmap.Serialize(stream);
        var secondBytes = secondBitmap.Serialize();
        stream.WriteByte(0xAB);
        stream.Position = 0;
        BitmapInvariants.CheckEqual(model, RoaringBitmap.Deserialize(stream));
        Assert.Equal(bytes.Length, stream.Position);
        BitmapInvariants.CheckEqual(secondModel, RoaringBitmap.Deserialize(stream));
        Assert.Equal(bytes.Length + secondBytes.Length, stream.Position);
        Assert.Equal(0xAB, stream.ReadByte());

        var joined = stream.ToArray();
        var first = RoaringBitmap.Deserialize(joined, out int bytesRead);
        Assert.Equal(bytes.Length, bytesRead);
        BitmapInvariants.CheckEqual(model, first);
        var next = RoaringBitmap.Deserialize(joined.AsSpan(bytesRead), out int secondRead);
        Assert.Equal(secondBytes.Length, secondRead);
        BitmapInvariants.CheckEqual(secondModel, next);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(31)]
    public void Run_containers_with_more_runs_than_fit_in_8_KiB_round_trip(int step)
    {
        // Removing values from a run container keeps it a run container, so a comb has up to 32768 runs.
        var bitmap = RoaringBitmap.FromRange(65536, 2 * 65536);
        var model = new SortedSet<uint>(Enumerable.Range(65536, 65536).Select(value => (uint)value));
        for (uint value = 65536; value < 2 * 65536; value += (uint)step)
        {
            bitmap.Remove(value);
            model.Remove(value);
        }
        Assert.IsType<RunContainer>(bitmap.ContainerAt(0));
        Assert.True(bitmap.SerializedSizeInBytes > RoaringConstants.BitsetBytes);
        var bytes = bitmap.Serialize();
        BitmapInvariants.CheckEqual(model, RoaringBitmap.Deserialize(bytes));
        using var stream = new MemoryStream();
        bitmap.Serialize(stream);
        Assert.Equal(bytes, stream.ToArray());
        stream.Position = 0;
        BitmapInvariants.CheckEqual(model, RoaringBitmap.Deserialize(stream));
    }

    [Property(MaxTest = 100)]
    public void Truncated_serializations_are_rejected(BitmapCase item, int cut)
    {
        var bytes = item.Build().Serialize();
        int length = (int)((uint)cut % bytes.Length);
        Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(bytes.AsSpan(0, length)));
        using var stream = new MemoryStream(bytes, 0, length);
        Assert.Throws<RoaringFormatException>(() => RoaringBitmap.Deserialize(stream));
    }

    // CheckEqual reads Cardinality after every step, so a cached count that a change failed to reset shows here.
    [Property(MaxTest = 40)]
    public void Random_mutation_sequences_match_the_model(BitmapCase start, MutationSequence sequence)
    {
        var model = start.Model();
        var bitmap = start.Build();
        foreach (var step in sequence.Steps)
        {
            switch (step.Operation)
            {
                case "Add":
                    Assert.Equal(model.Add(step.Value), bitmap.Add(step.Value));
                    break;
                case "Remove":
                    Assert.Equal(model.Remove(step.Value), bitmap.Remove(step.Value));
                    break;
                case "AddRange":
                    bitmap.AddRange(step.Start, step.End);
                    ModelRange(model, step.Start, step.End, (set, value) => set.Add(value));
                    break;
                case "RemoveRange":
                    bitmap.RemoveRange(step.Start, step.End);
                    if (step.End > step.Start)
                        model.GetViewBetween((uint)step.Start, (uint)(step.End - 1)).Clear();
                    break;
                case "Flip":
                    bitmap.Flip(step.Start, step.End);
                    ModelRange(model, step.Start, step.End, (set, value) => _ = set.Remove(value) || set.Add(value));
                    break;
                case "IntersectWith":
                    bitmap.IntersectWith(step.Other!.Build());
                    model.IntersectWith(step.Other.Model());
                    break;
                case "UnionWith":
                    bitmap.UnionWith(step.Other!.Build());
                    model.UnionWith(step.Other.Model());
                    break;
                case "ExceptWith":
                    bitmap.ExceptWith(step.Other!.Build());
                    model.ExceptWith(step.Other.Model());
                    break;
                case "SymmetricExceptWith":
                    bitmap.SymmetricExceptWith(step.Other!.Build());
                    model.SymmetricExceptWith(step.Other.Model());
                    break;
                case "RunOptimize":
                    bitmap.RunOptimize();
                    break;
                case "AddMany":
                    var values = step.Other!.Model().Reverse().ToArray();
                    bitmap.AddMany(values);
                    model.UnionWith(values);
                    break;
                case "Clear":
                    bitmap.Clear();
                    model.Clear();
                    break;
                default:
                    Assert.Fail($"unknown operation {step.Operation}");
                    break;
            }
            BitmapInvariants.CheckEqual(model, bitmap);
        }
        var read = RoaringBitmap.Deserialize(bitmap.Serialize());
        BitmapInvariants.CheckEqual(model, read);
    }

    [Fact]
    public void Generators_cover_the_container_boundaries()
    {
        // The generator must actually produce every kind of region and every container kind at its limits. A fixed seed:
        // a coverage check that passes or fails by the dice helps no one (unseeded, a rare kind went missing 1 run in ~50).
        var cases = BitmapArbitraries.CaseGen(4).Sample(50, new Rnd(20261123UL), 1000);
        var kinds = cases.SelectMany(item => item.Regions).Select(region => region.Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<RegionKind>().Length, kinds.Count);
        var keys = cases.SelectMany(item => item.Regions).Select(region => region.Key).ToHashSet();
        Assert.Superset(new HashSet<ushort> { 0, 1, 2, 3, 65535 }, keys);

        var cardinalities = new HashSet<int>();
        var containerKinds = new HashSet<Type>();
        foreach (var item in cases.Take(120))
        {
            var bitmap = item.Build();
            for (int index = 0; index < bitmap.ContainerCount; index++)
            {
                cardinalities.Add(bitmap.ContainerAt(index).Cardinality);
                containerKinds.Add(bitmap.ContainerAt(index).GetType());
            }
        }
        Assert.Contains(4096, cardinalities);
        Assert.Contains(4097, cardinalities);
        Assert.Contains(65536, cardinalities);
        Assert.Equal(3, containerKinds.Count);
    }
}
