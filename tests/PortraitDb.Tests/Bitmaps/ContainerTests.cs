using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Tests.Bitmaps;

/// <summary>Every pair of container kinds, for every binary operation, against <see cref="HashSet{T}"/>.</summary>
public class ContainerTests
{
    public enum Kind
    {
        Array,
        Bitmap,
        Run,
    }

    public static TheoryData<Kind, Kind> Pairs()
    {
        var data = new TheoryData<Kind, Kind>();
        foreach (var left in Enum.GetValues<Kind>())
        {
            foreach (var right in Enum.GetValues<Kind>())
                data.Add(left, right);
        }
        return data;
    }

    /// <summary>Low values shaped like the bitmap generator's regions.</summary>
    private static int[] Shape(Random random, int shape)
    {
        var values = new HashSet<int>();
        switch (shape)
        {
            case 0:
                for (int count = random.Next(1, 300); values.Count < count;)
                    values.Add(random.Next(65536));
                break;
            case 1:
            case 2:
                {
                    int target = shape == 1 ? 4096 : 4097;
                    int window = random.Next(target, 65537);
                    int offset = random.Next(0, 65536 - window + 1);
                    while (values.Count < target)
                        values.Add(offset + random.Next(window));
                    break;
                }
            case 3:
                for (int count = random.Next(5000, 40000); values.Count < count;)
                    values.Add(random.Next(65536));
                break;
            case 4:
                return [.. Enumerable.Range(0, 65536)];
            case 5:
                {
                    int length = random.Next(1, 60000);
                    int start = random.Next(0, 65536 - length + 1);
                    return [.. Enumerable.Range(start, length)];
                }
            case 6:
                {
                    int position = random.Next(0, 30);
                    for (int runs = random.Next(1, 2500); runs > 0 && position < 65536; runs--)
                    {
                        int end = Math.Min(65536, position + random.Next(1, 9));
                        for (int value = position; value < end; value++)
                            values.Add(value);
                        position = end + random.Next(1, 21);
                    }
                    break;
                }
            default:
                values.UnionWith([0, 65535]);
                if (random.Next(2) == 0)
                    values.UnionWith([1, 65534]);
                break;
        }
        var array = values.ToArray();
        System.Array.Sort(array);
        return array;
    }

    private static bool Fits(Kind kind, int count) => kind switch
    {
        Kind.Array => count <= RoaringConstants.ArrayMaxCardinality,
        Kind.Bitmap => count > RoaringConstants.ArrayMaxCardinality,
        _ => true,
    };

    private static int[] ValuesFor(Random random, Kind kind)
    {
        while (true)
        {
            var values = Shape(random, random.Next(8));
            if (Fits(kind, values.Length))
                return values;
        }
    }

    /// <summary>The other side: independent, or derived from the first (equal, a subset or a superset) so results can be empty.</summary>
    private static int[] OtherValuesFor(Random random, Kind kind, int[] first)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int[] values = random.Next(5) switch
            {
                0 => first,
                1 => [.. first.Where(_ => random.Next(3) != 0)],
                2 => [.. first.Union(Shape(random, random.Next(8))).Order()],
                _ => Shape(random, random.Next(8)),
            };
            if (values.Length > 0 && Fits(kind, values.Length))
                return values;
        }
        return ValuesFor(random, kind);
    }

    internal static Container Make(Kind kind, int[] values)
    {
        var lows = values.Select(value => (ushort)value).ToArray();
        switch (kind)
        {
            case Kind.Array:
                return ArrayContainer.FromSpan(lows);
            case Kind.Bitmap:
                {
                    var bitmap = new BitmapContainer();
                    foreach (ushort value in lows)
                        bitmap.Words[value >> 6] |= 1UL << value;
                    bitmap.RepairCardinality();
                    return bitmap;
                }
            default:
                return RunContainer.FromSortedValues(lows, ArrayKernels.CountRuns(lows));
        }
    }

    internal static int[] ValuesOf(Container container)
    {
        var buffer = new uint[65536];
        int count = container.Fill(0, buffer, 0, out int next);
        Assert.Equal(65536, next);
        return [.. buffer.Take(count).Select(value => (int)value)];
    }

    /// <summary>A result is null exactly when empty, else a legal container holding exactly the expected values.</summary>
    private static void CheckResult(IEnumerable<int> expectedValues, Container? result, string what)
    {
        var expected = expectedValues.Order().ToArray();
        if (expected.Length == 0)
        {
            Assert.True(result is null, $"{what}: an empty result must be null, got {result?.GetType().Name} of {result?.Cardinality}");
            return;
        }
        Assert.True(result is not null, $"{what}: got null, expected {expected.Length} values");
        Assert.True(expected.Length == result.Cardinality, $"{what}: cardinality {result.Cardinality}, expected {expected.Length}");
        switch (result)
        {
            case ArrayContainer array:
                BitmapInvariants.CheckArray(0, array);
                break;
            case BitmapContainer bitmap:
                BitmapInvariants.CheckBitset(0, bitmap);
                break;
            case RunContainer run:
                BitmapInvariants.CheckRuns(0, run);
                break;
        }
        Assert.True(expected.AsSpan().SequenceEqual(ValuesOf(result)), $"{what}: wrong values");
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Binary_operations_match_HashSet(Kind leftKind, Kind rightKind)
    {
        var random = new Random((int)leftKind * 3 + (int)rightKind);
        for (int round = 0; round < 40; round++)
        {
            var leftValues = ValuesFor(random, leftKind);
            var rightValues = OtherValuesFor(random, rightKind, leftValues);
            var left = Make(leftKind, leftValues);
            var right = Make(rightKind, rightValues);
            Assert.IsType(leftKind switch { Kind.Array => typeof(ArrayContainer), Kind.Bitmap => typeof(BitmapContainer), _ => typeof(RunContainer) }, left);
            var l = leftValues.ToHashSet();
            var r = rightValues.ToHashSet();
            string where = $"{leftKind}[{leftValues.Length}] with {rightKind}[{rightValues.Length}], round {round}";

            CheckResult(l.Intersect(r), ContainerOperations.And(left, right), $"And {where}");
            CheckResult(l.Union(r), ContainerOperations.Or(left, right), $"Or {where}");
            CheckResult(l.Except(r).Union(r.Except(l)), ContainerOperations.Xor(left, right), $"Xor {where}");
            CheckResult(l.Except(r), ContainerOperations.AndNot(left, right), $"AndNot {where}");
            int common = l.Intersect(r).Count();
            Assert.True(common == ContainerOperations.AndCardinality(left, right), $"AndCardinality {where}");
            Assert.True((common > 0) == ContainerOperations.Intersects(left, right), $"Intersects {where}");

            // The operations leave their inputs alone.
            Assert.Equal(leftValues, ValuesOf(left));
            Assert.Equal(rightValues, ValuesOf(right));

            // In place: the result is right, and the right operand is still intact.
            var target = left.Clone();
            CheckResult(l.Intersect(r), ContainerOperations.AndInPlace(target, right), $"AndInPlace {where}");
            Assert.Equal(rightValues, ValuesOf(right));
            Assert.Equal(leftValues, ValuesOf(left));
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Equality_and_conversions_agree_across_kinds(Kind leftKind, Kind rightKind)
    {
        var random = new Random(100 + ((int)leftKind * 3) + (int)rightKind);
        for (int round = 0; round < 30; round++)
        {
            var values = ValuesFor(random, leftKind);
            if (!Fits(rightKind, values.Length))
                continue;
            var left = Make(leftKind, values);
            var right = Make(rightKind, values);
            Assert.True(left.ValueEquals(right));
            Assert.True(right.ValueEquals(left));
            Assert.Equal(left.RunCount, right.RunCount);
            Assert.Equal(values, ValuesOf(left.ToBitmapContainer()));
            var optimized = right.Clone().RunOptimize();
            Assert.Equal(values, ValuesOf(optimized));
            Assert.True(optimized.SerializedSizeInBytes <= right.SerializedSizeInBytes);
            var changed = Make(rightKind, values).Add((ushort)random.Next(65536)).Remove((ushort)values[0]);
            Assert.Equal(ValuesOf(changed).SequenceEqual(values), left.ValueEquals(changed));
        }
    }
}
