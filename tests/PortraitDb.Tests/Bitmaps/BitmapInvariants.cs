using System.Numerics;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>Checks a bitmap's internal structure and compares its contents with a model set.</summary>
internal static class BitmapInvariants
{
    /// <summary>
    /// Keys strictly increase, no container is empty, arrays hold at most 4096 strictly increasing values,
    /// bitsets hold more than 4096 values with a cached count equal to their population count, and runs are
    /// sorted, disjoint, non-adjacent, in range and sum to their count.
    /// </summary>
    public static void Check(RoaringBitmap bitmap)
    {
        int previousKey = -1;
        for (int index = 0; index < bitmap.ContainerCount; index++)
        {
            int key = bitmap.KeyAt(index);
            Assert.True(key > previousKey, $"container key {key} at {index} does not follow {previousKey}");
            previousKey = key;
            var container = bitmap.ContainerAt(index);
            Assert.NotNull(container);
            Assert.True(container.Cardinality > 0, $"container {key} is empty");
            switch (container)
            {
                case ArrayContainer array:
                    CheckArray(key, array);
                    break;
                case BitmapContainer bitset:
                    CheckBitset(key, bitset);
                    break;
                case RunContainer run:
                    CheckRuns(key, run);
                    break;
                default:
                    Assert.Fail($"container {key} has unknown kind {container.GetType()}");
                    break;
            }
        }
    }

    public static void CheckArray(int key, ArrayContainer array)
    {
        Assert.True(array.Count <= RoaringConstants.ArrayMaxCardinality, $"array container {key} holds {array.Count} values");
        Assert.True(array.Count <= array.Values.Length, $"array container {key} count {array.Count} exceeds its storage {array.Values.Length}");
        for (int index = 1; index < array.Count; index++)
            Assert.True(array.Values[index] > array.Values[index - 1], $"array container {key} is not strictly increasing at {index}");
    }

    public static void CheckBitset(int key, BitmapContainer bitset)
    {
        Assert.Equal(RoaringConstants.BitsetWords, bitset.Words.Length);
        Assert.True(bitset.Count > RoaringConstants.ArrayMaxCardinality, $"bitset container {key} holds only {bitset.Count} values");
        long popCount = 0;
        foreach (ulong word in bitset.Words)
            popCount += BitOperations.PopCount(word);
        Assert.True(popCount == bitset.Count, $"bitset container {key} caches {bitset.Count} but holds {popCount}");
    }

    public static void CheckRuns(int key, RunContainer run)
    {
        Assert.True(run.NumberOfRuns >= 1, $"run container {key} has no runs");
        Assert.True(run.Runs.Length >= 2 * run.NumberOfRuns, $"run container {key} storage is too short");
        int previousEnd = -2;
        long count = 0;
        for (int index = 0; index < run.NumberOfRuns; index++)
        {
            int start = run.StartAt(index);
            int end = run.EndAt(index);
            Assert.True(start > previousEnd, $"run {index} of container {key} starts at {start}, touching or overlapping the run ending at {previousEnd}");
            Assert.True(end <= RoaringConstants.ContainerSpan, $"run {index} of container {key} ends at {end}");
            count += end - start;
            previousEnd = end;
        }
        Assert.True(count == run.Count, $"run container {key} caches {run.Count} but its runs hold {count}");
    }

    /// <summary>Checks the structure and that the bitmap holds exactly the model's values.</summary>
    public static void CheckEqual(SortedSet<uint> model, RoaringBitmap bitmap)
    {
        Check(bitmap);
        Assert.Equal(model.Count, bitmap.Cardinality);
        Assert.Equal(model.Count == 0, bitmap.IsEmpty);
        var actual = bitmap.ToArray();
        var expected = new uint[model.Count];
        model.CopyTo(expected);
        if (!actual.AsSpan().SequenceEqual(expected))
        {
            int first = 0;
            while (first < Math.Min(actual.Length, expected.Length) && actual[first] == expected[first])
                first++;
            string got = first < actual.Length ? actual[first].ToString(System.Globalization.CultureInfo.InvariantCulture) : "end";
            string want = first < expected.Length ? expected[first].ToString(System.Globalization.CultureInfo.InvariantCulture) : "end";
            Assert.Fail($"bitmap differs from the model at position {first}: got {got}, expected {want}");
        }
    }
}
