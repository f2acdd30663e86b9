using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortraitDb.Bitmaps;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>Every public operation of <see cref="Roaring64Bitmap"/> against a <see cref="SortedSet{T}"/> model.</summary>
public sealed class Roaring64BitmapPropertyTests
{
    /// <summary>Values clustered in a few buckets (high halves 0, 1, 2^32 − 1) near container edges, plus dense ranges.</summary>
    private static ulong[] Values(int seed)
    {
        var random = new Random(seed);
        uint[] highs = [0, 1, uint.MaxValue];
        var values = new List<ulong>();
        int groups = random.Next(0, 5);
        for (int group = 0; group < groups; group++)
        {
            ulong high = (ulong)highs[random.Next(highs.Length)] << 32;
            uint lowBase = (uint)random.Next(0, 4) * 65536u + (random.Next(2) == 0 ? 0u : uint.MaxValue - 200_000);
            int count = random.Next(4) switch { 0 => 1, 1 => random.Next(1, 100), 2 => 4097, _ => random.Next(1, 9000) };
            bool dense = random.Next(2) == 0;
            for (int index = 0; index < count; index++)
                values.Add(high | (lowBase + (uint)(dense ? index : random.Next(0, 200_000))));
        }
        return [.. values];
    }

    private static Roaring64Bitmap Build(IEnumerable<ulong> values)
    {
        var bitmap = new Roaring64Bitmap();
        foreach (ulong value in values)
            bitmap.Add(value);
        return bitmap;
    }

    [Property(MaxTest = 60)]
    public void Point_operations_and_queries_match_the_model(int seed)
    {
        var values = Values(seed);
        var model = new SortedSet<ulong>();
        var bitmap = new Roaring64Bitmap();
        foreach (ulong value in values)
            Assert.Equal(model.Add(value), bitmap.Add(value));
        var random = new Random(seed);
        foreach (ulong value in values.Where(_ => random.Next(3) == 0))
            Assert.Equal(model.Remove(value), bitmap.Remove(value));
        Assert.Equal(model.Remove(ulong.MaxValue - 7), bitmap.Remove(ulong.MaxValue - 7));

        Assert.Equal(model.Count, bitmap.Cardinality);
        Assert.Equal(model.Count == 0, bitmap.IsEmpty);
        Assert.Equal(model, bitmap.ToArray());
        Assert.Equal(model, bitmap);
        foreach (ulong probe in values.Take(200).Concat([0UL, ulong.MaxValue, 1UL << 32]))
            Assert.Equal(model.Contains(probe), bitmap.Contains(probe));
        if (model.Count > 0)
        {
            Assert.Equal(model.Min, bitmap.Min);
            Assert.Equal(model.Max, bitmap.Max);
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => bitmap.Min);
        }
    }

    [Property(MaxTest = 60)]
    public void Set_algebra_matches_the_model(int leftSeed, int rightSeed)
    {
        var leftValues = Values(leftSeed);
        var rightValues = Values(rightSeed).Concat(leftValues.Where((_, index) => index % 3 == 0)).ToArray();
        var left = Build(leftValues);
        var right = Build(rightValues);
        var leftModel = new SortedSet<ulong>(leftValues);
        var rightModel = new SortedSet<ulong>(rightValues);

        Assert.Equal(leftModel.Intersect(rightModel), (left & right).ToArray());
        Assert.Equal(leftModel.Union(rightModel).Order(), (left | right).ToArray());
        Assert.Equal(leftModel.Except(rightModel).Union(rightModel.Except(leftModel)).Order(), (left ^ right).ToArray());
        Assert.Equal(leftModel.Except(rightModel), Roaring64Bitmap.AndNot(left, right).ToArray());
        Assert.Equal(leftModel.Intersect(rightModel).Count(), Roaring64Bitmap.AndCardinality(left, right));
        // The operands are unchanged.
        Assert.Equal(leftModel, left.ToArray());
        Assert.Equal(rightModel, right.ToArray());
    }

    [Property(MaxTest = 60)]
    public void Serialization_round_trips_and_equality_ignores_encoding(int seed)
    {
        var bitmap = Build(Values(seed));
        var clone = bitmap.Clone();
        Assert.Equal(bitmap, clone);
        clone.RunOptimize();
        Assert.Equal(bitmap, clone);
        Assert.Equal(bitmap.GetHashCode(), clone.GetHashCode());

        foreach (var candidate in new[] { bitmap, clone })
        {
            byte[] bytes = candidate.Serialize();
            Assert.Equal(candidate.SerializedSizeInBytes, bytes.Length);
            Assert.Equal(candidate, Roaring64Bitmap.Deserialize(bytes));
            using var stream = new MemoryStream();
            candidate.Serialize(stream);
            candidate.Serialize(stream);
            Assert.Equal(bytes, stream.ToArray()[..bytes.Length]);
            stream.Position = 0;
            Assert.Equal(candidate, Roaring64Bitmap.Deserialize(stream));
            Assert.Equal(candidate, Roaring64Bitmap.Deserialize(stream));
            Assert.Equal(stream.Length, stream.Position);
        }

        if (!bitmap.IsEmpty)
        {
            clone.Remove(clone.Min);
            Assert.NotEqual(bitmap, clone);
        }
    }
}
