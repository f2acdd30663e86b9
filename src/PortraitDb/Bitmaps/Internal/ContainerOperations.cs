
namespace PortraitDb.Bitmaps.Internal;

/// <summary>
/// Binary operations on containers, one specialised kernel per pair of kinds, dispatched by a single
/// switch. Results are new containers in their legal kind (null when empty); inputs are never changed
/// except by the explicitly in-place members.
/// </summary>
internal static class ContainerOperations
{
    // ---------------- Intersection ----------------

    public static Container? And(Container left, Container right) => (left, right) switch
    {
        (ArrayContainer a, ArrayContainer b) => AndArrays(a, b),
        (ArrayContainer a, BitmapContainer b) => AndArrayBitmap(a, b),
        (BitmapContainer a, ArrayContainer b) => AndArrayBitmap(b, a),
        (BitmapContainer a, BitmapContainer b) => AndBitmaps(a, b),
        (RunContainer a, _) => AndRun(a, right),
        (_, RunContainer b) => AndRun(b, left),
        _ => throw new InvalidOperationException("Unknown container kind."),
    };

    private static ArrayContainer? AndArrays(ArrayContainer left, ArrayContainer right)
    {
        var values = new ushort[Math.Min(left.Count, right.Count)];
        int count = ArrayKernels.Intersect(left.Span, right.Span, values);
        return count == 0 ? null : new ArrayContainer(values, count);
    }

    private static ArrayContainer? AndArrayBitmap(ArrayContainer array, BitmapContainer bitmap)
    {
        var values = new ushort[array.Count];
        int count = 0;
        ulong[] words = bitmap.Words;
        foreach (ushort value in array.Span)
        {
            values[count] = value;
            count += (int)((words[value >> 6] >> value) & 1);
        }
        return count == 0 ? null : new ArrayContainer(values, count);
    }

    private static Container? AndBitmaps(BitmapContainer left, BitmapContainer right)
    {
        // One fused pass stores and counts into an uninitialised bitset (every word is written); the rare sparse
        // result is then extracted to an array, so dense results pay one pass instead of two.
        var result = new BitmapContainer(GC.AllocateUninitializedArray<ulong>(RoaringConstants.BitsetWords), 0);
        long count = BitsetKernels.BinaryStore<AndOperator>(left.Words, right.Words, result.Words);
        if (count == 0)
            return null;
        result.Count = (int)count;
        return result.Normalize();
    }

    private static Container? AndRun(RunContainer run, Container other)
    {
        if (run.IsFull)
            return other.Clone();
        switch (other)
        {
            case ArrayContainer array:
                {
                    var values = new ushort[array.Count];
                    int count = 0;
                    int runIndex = 0;
                    foreach (ushort value in array.Span)
                    {
                        while (runIndex < run.NumberOfRuns && run.EndAt(runIndex) <= value)
                            runIndex++;
                        if (runIndex == run.NumberOfRuns)
                            break;
                        if (value >= run.StartAt(runIndex))
                            values[count++] = value;
                    }
                    return count == 0 ? null : new ArrayContainer(values, count);
                }
            case BitmapContainer bitmap:
                {
                    if (run.Count <= RoaringConstants.ArrayMaxCardinality)
                    {
                        var values = new ushort[run.Count];
                        int count = 0;
                        for (int runIndex = 0; runIndex < run.NumberOfRuns; runIndex++)
                        {
                            int end = run.EndAt(runIndex);
                            for (int value = run.StartAt(runIndex); value < end; value++)
                            {
                                values[count] = (ushort)value;
                                count += (int)((bitmap.Words[value >> 6] >> value) & 1);
                            }
                        }
                        return count == 0 ? null : new ArrayContainer(values, count);
                    }
                    var mask = run.ToBitmapContainer();
                    long result = BitsetKernels.BinaryStore<AndOperator>(mask.Words, bitmap.Words, mask.Words);
                    mask.Count = (int)result;
                    return result == 0 ? null : mask.Normalize();
                }
            case RunContainer second:
                {
                    var builder = new RunBuilder(run.NumberOfRuns + second.NumberOfRuns);
                    int i = 0;
                    int j = 0;
                    while (i < run.NumberOfRuns && j < second.NumberOfRuns)
                    {
                        int start = Math.Max(run.StartAt(i), second.StartAt(j));
                        int end = Math.Min(run.EndAt(i), second.EndAt(j));
                        builder.Append(start, end);
                        if (run.EndAt(i) < second.EndAt(j))
                            i++;
                        else
                            j++;
                    }
                    return builder.ToContainer();
                }
            default:
                throw new InvalidOperationException("Unknown container kind.");
        }
    }

    /// <summary>
    /// Intersects <paramref name="left"/> with <paramref name="right"/>, reusing <paramref name="left"/>'s storage
    /// where the kinds allow; returns the container to keep, or null when empty.
    /// </summary>
    public static Container? AndInPlace(Container left, Container right)
    {
        switch (left, right)
        {
            case (ArrayContainer a, ArrayContainer b):
                a.Count = ArrayKernels.Intersect(a.Span, b.Span, a.Values);
                return a.Count == 0 ? null : a;
            case (ArrayContainer a, BitmapContainer b):
                a.Filter(new InBitset(b.Words));
                return a.Count == 0 ? null : a;
            case (BitmapContainer a, BitmapContainer b):
                {
                    long count = BitsetKernels.BinaryStore<AndOperator>(a.Words, b.Words, a.Words);
                    a.Count = (int)count;
                    return count == 0 ? null : a.Normalize();
                }
            default:
                return And(left, right);
        }
    }

    public static int AndCardinality(Container left, Container right) => (left, right) switch
    {
        (ArrayContainer a, ArrayContainer b) => ArrayKernels.IntersectCount(a.Span, b.Span),
        (ArrayContainer a, BitmapContainer b) => CountInBitset(a.Span, b.Words),
        (BitmapContainer a, ArrayContainer b) => CountInBitset(b.Span, a.Words),
        (BitmapContainer a, BitmapContainer b) => (int)BitsetKernels.BinaryPopCount<AndOperator>(a.Words, b.Words),
        (RunContainer a, _) => AndRunCardinality(a, right),
        (_, RunContainer b) => AndRunCardinality(b, left),
        _ => throw new InvalidOperationException("Unknown container kind."),
    };

    public static int CountInBitset(ReadOnlySpan<ushort> values, ulong[] words)
    {
        int count = 0;
        foreach (ushort value in values)
            count += (int)((words[value >> 6] >> value) & 1);
        return count;
    }

    private static int AndRunCardinality(RunContainer run, Container other)
    {
        if (run.IsFull)
            return other.Cardinality;
        switch (other)
        {
            case ArrayContainer array:
                {
                    int count = 0;
                    int runIndex = 0;
                    foreach (ushort value in array.Span)
                    {
                        while (runIndex < run.NumberOfRuns && run.EndAt(runIndex) <= value)
                            runIndex++;
                        if (runIndex == run.NumberOfRuns)
                            break;
                        count += value >= run.StartAt(runIndex) ? 1 : 0;
                    }
                    return count;
                }
            case BitmapContainer bitmap:
                {
                    int count = 0;
                    for (int runIndex = 0; runIndex < run.NumberOfRuns; runIndex++)
                        count += CountRange(bitmap.Words, run.StartAt(runIndex), run.EndAt(runIndex));
                    return count;
                }
            case RunContainer second:
                {
                    int count = 0;
                    int i = 0;
                    int j = 0;
                    while (i < run.NumberOfRuns && j < second.NumberOfRuns)
                    {
                        count += Math.Max(0, Math.Min(run.EndAt(i), second.EndAt(j)) - Math.Max(run.StartAt(i), second.StartAt(j)));
                        if (run.EndAt(i) < second.EndAt(j))
                            i++;
                        else
                            j++;
                    }
                    return count;
                }
            default:
                throw new InvalidOperationException("Unknown container kind.");
        }
    }

    /// <summary>Set bits of <paramref name="words"/> in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static int CountRange(ReadOnlySpan<ulong> words, int start, int end)
    {
        int firstWord = start >> 6;
        int lastWord = (end - 1) >> 6;
        ulong firstMask = ulong.MaxValue << (start & 63);
        ulong lastMask = ulong.MaxValue >> (63 - ((end - 1) & 63));
        if (firstWord == lastWord)
            return System.Numerics.BitOperations.PopCount(words[firstWord] & firstMask & lastMask);
        int count = System.Numerics.BitOperations.PopCount(words[firstWord] & firstMask)
            + System.Numerics.BitOperations.PopCount(words[lastWord] & lastMask);
        if (lastWord > firstWord + 1)
            count += (int)BitsetKernels.PopCount(words[(firstWord + 1)..lastWord]);
        return count;
    }

    public static bool Intersects(Container left, Container right) => (left, right) switch
    {
        (ArrayContainer a, ArrayContainer b) => ArrayKernels.Intersects(a.Span, b.Span),
        (ArrayContainer a, BitmapContainer b) => AnyInBitset(a.Span, b.Words),
        (BitmapContainer a, ArrayContainer b) => AnyInBitset(b.Span, a.Words),
        (BitmapContainer a, BitmapContainer b) => BitmapsIntersect(a.Words, b.Words),
        (RunContainer a, _) => RunIntersects(a, right),
        (_, RunContainer b) => RunIntersects(b, left),
        _ => throw new InvalidOperationException("Unknown container kind."),
    };

    private static bool AnyInBitset(ReadOnlySpan<ushort> values, ulong[] words)
    {
        foreach (ushort value in values)
        {
            if ((words[value >> 6] & (1UL << value)) != 0)
                return true;
        }
        return false;
    }

    private static bool BitmapsIntersect(ulong[] left, ulong[] right)
    {
        for (int index = 0; index < left.Length; index++)
        {
            if ((left[index] & right[index]) != 0)
                return true;
        }
        return false;
    }

    private static bool RunIntersects(RunContainer run, Container other)
    {
        if (other is RunContainer || other is BitmapContainer)
            return AndRunCardinality(run, other) > 0;
        foreach (ushort value in ((ArrayContainer)other).Span)
        {
            if (run.Contains(value))
                return true;
        }
        return false;
    }

    // ---------------- Union ----------------

    public static Container Or(Container left, Container right) => (left, right) switch
    {
        (ArrayContainer a, ArrayContainer b) => OrArrays(a, b),
        (ArrayContainer a, BitmapContainer b) => OrArrayBitmap(a, b),
        (BitmapContainer a, ArrayContainer b) => OrArrayBitmap(b, a),
        (BitmapContainer a, BitmapContainer b) => OrBitmaps(a, b),
        (RunContainer a, _) => OrRun(a, right),
        (_, RunContainer b) => OrRun(b, left),
        _ => throw new InvalidOperationException("Unknown container kind."),
    };

    private static Container OrArrays(ArrayContainer left, ArrayContainer right)
    {
        int total = left.Count + right.Count;
        if (total <= RoaringConstants.ArrayMaxCardinality)
        {
            var values = new ushort[total];
            int count = ArrayKernels.Union(left.Span, right.Span, values);
            return new ArrayContainer(values, count);
        }
        var bitmap = new BitmapContainer();
        left.OrInto(bitmap.Words);
        right.OrInto(bitmap.Words);
        bitmap.RepairCardinality();
        return bitmap.Normalize();
    }

    private static BitmapContainer OrArrayBitmap(ArrayContainer array, BitmapContainer bitmap)
    {
        var result = (BitmapContainer)bitmap.Clone();
        foreach (ushort value in array.Span)
            result.Add(value);
        return result;
    }

    private static BitmapContainer OrBitmaps(BitmapContainer left, BitmapContainer right)
    {
        var result = new BitmapContainer(GC.AllocateUninitializedArray<ulong>(RoaringConstants.BitsetWords), 0);
        result.Count = (int)BitsetKernels.BinaryStore<OrOperator>(left.Words, right.Words, result.Words);
        return result;
    }

    private static Container OrRun(RunContainer run, Container other)
    {
        if (run.IsFull)
            return run.Clone();
        switch (other)
        {
            case RunContainer second:
                {
                    var builder = new RunBuilder(run.NumberOfRuns + second.NumberOfRuns);
                    int i = 0;
                    int j = 0;
                    while (i < run.NumberOfRuns || j < second.NumberOfRuns)
                    {
                        if (j == second.NumberOfRuns || (i < run.NumberOfRuns && run.StartAt(i) <= second.StartAt(j)))
                        {
                            builder.Append(run.StartAt(i), run.EndAt(i));
                            i++;
                        }
                        else
                        {
                            builder.Append(second.StartAt(j), second.EndAt(j));
                            j++;
                        }
                    }
                    return builder.ToContainer()!;
                }
            case ArrayContainer array:
                {
                    var builder = new RunBuilder(run.NumberOfRuns + 8);
                    int i = 0;
                    foreach (ushort value in array.Span)
                    {
                        while (i < run.NumberOfRuns && run.StartAt(i) <= value)
                        {
                            builder.Append(run.StartAt(i), run.EndAt(i));
                            i++;
                        }
                        builder.Append(value, value + 1);
                    }
                    for (; i < run.NumberOfRuns; i++)
                        builder.Append(run.StartAt(i), run.EndAt(i));
                    return builder.ToContainer()!;
                }
            case BitmapContainer bitmap:
                {
                    var result = (BitmapContainer)bitmap.Clone();
                    run.OrInto(result.Words);
                    result.RepairCardinality();
                    return result.IsFull ? RunContainer.FromRange(0, RoaringConstants.ContainerSpan) : result;
                }
            default:
                throw new InvalidOperationException("Unknown container kind.");
        }
    }

    // ---------------- Difference ----------------

    public static Container? AndNot(Container left, Container right)
    {
        switch (left, right)
        {
            case (ArrayContainer a, ArrayContainer b):
                {
                    var values = new ushort[a.Count];
                    int count = ArrayKernels.Difference(a.Span, b.Span, values);
                    return count == 0 ? null : new ArrayContainer(values, count);
                }
            case (ArrayContainer a, _):
                {
                    var values = new ushort[a.Count];
                    int count = 0;
                    foreach (ushort value in a.Span)
                    {
                        values[count] = value;
                        count += right.Contains(value) ? 0 : 1;
                    }
                    return count == 0 ? null : new ArrayContainer(values, count);
                }
            case (BitmapContainer a, ArrayContainer b):
                {
                    var result = (BitmapContainer)a.Clone();
                    foreach (ushort value in b.Span)
                    {
                        ref ulong word = ref result.Words[value >> 6];
                        result.Count -= (int)((word >> value) & 1);
                        word &= ~(1UL << value);
                    }
                    return result.Count == 0 ? null : result.Normalize();
                }
            case (BitmapContainer a, BitmapContainer b):
                {
                    var result = new BitmapContainer(GC.AllocateUninitializedArray<ulong>(RoaringConstants.BitsetWords), 0);
                    result.Count = (int)BitsetKernels.BinaryStore<AndNotOperator>(a.Words, b.Words, result.Words);
                    return result.Count == 0 ? null : result.Normalize();
                }
            case (BitmapContainer a, RunContainer b):
                {
                    var result = (BitmapContainer)a.Clone();
                    for (int run = 0; run < b.NumberOfRuns; run++)
                        BitmapContainer.ClearRange(result.Words, b.StartAt(run), b.EndAt(run));
                    result.RepairCardinality();
                    return result.Count == 0 ? null : result.Normalize();
                }
            case (RunContainer a, RunContainer b):
                {
                    var builder = new RunBuilder(a.NumberOfRuns + b.NumberOfRuns);
                    int j = 0;
                    for (int i = 0; i < a.NumberOfRuns; i++)
                    {
                        int start = a.StartAt(i);
                        int end = a.EndAt(i);
                        while (j < b.NumberOfRuns && b.EndAt(j) <= start)
                            j++;
                        int k = j;
                        while (start < end && k < b.NumberOfRuns && b.StartAt(k) < end)
                        {
                            builder.Append(start, b.StartAt(k));
                            start = Math.Max(start, b.EndAt(k));
                            k++;
                        }
                        builder.Append(start, end);
                    }
                    return builder.ToContainer();
                }
            case (RunContainer a, _):
                {
                    var bitmap = a.ToBitmapContainer();
                    return AndNot(bitmap, right);
                }
            default:
                throw new InvalidOperationException("Unknown container kind.");
        }
    }

    // ---------------- Symmetric difference ----------------

    public static Container? Xor(Container left, Container right)
    {
        switch (left, right)
        {
            case (ArrayContainer a, ArrayContainer b):
                {
                    int total = a.Count + b.Count;
                    if (total <= RoaringConstants.ArrayMaxCardinality)
                    {
                        var values = new ushort[total];
                        int count = ArrayKernels.SymmetricDifference(a.Span, b.Span, values);
                        return count == 0 ? null : new ArrayContainer(values, count);
                    }
                    var bitmap = a.ToBitmapContainer();
                    return XorArrayIntoBitmap(bitmap, b);
                }
            case (ArrayContainer a, BitmapContainer b):
                return XorArrayIntoBitmap((BitmapContainer)b.Clone(), a);
            case (BitmapContainer a, ArrayContainer b):
                return XorArrayIntoBitmap((BitmapContainer)a.Clone(), b);
            case (BitmapContainer a, BitmapContainer b):
                {
                    var result = new BitmapContainer(GC.AllocateUninitializedArray<ulong>(RoaringConstants.BitsetWords), 0);
                    result.Count = (int)BitsetKernels.BinaryStore<XorOperator>(a.Words, b.Words, result.Words);
                    return result.Count == 0 ? null : result.Normalize();
                }
            case (RunContainer a, RunContainer b):
                {
                    // (a ∪ b) \ (a ∩ b), by the run kernels, keeps run-friendly results as runs.
                    var union = Or(a, b);
                    var common = And(a, b);
                    return common is null ? union : AndNot(union, common);
                }
            default:
                {
                    var bitmap = left is BitmapContainer ? (BitmapContainer)left.Clone() : left.ToBitmapContainer();
                    var other = right is BitmapContainer rightBitmap ? rightBitmap : right.ToBitmapContainer();
                    bitmap.Count = (int)BitsetKernels.BinaryStore<XorOperator>(bitmap.Words, other.Words, bitmap.Words);
                    return bitmap.Count == 0 ? null : bitmap.Normalize();
                }
        }
    }

    private static Container? XorArrayIntoBitmap(BitmapContainer bitmap, ArrayContainer array)
    {
        foreach (ushort value in array.Span)
        {
            ref ulong word = ref bitmap.Words[value >> 6];
            ulong bit = 1UL << value;
            bitmap.Count += (word & bit) == 0 ? 1 : -1;
            word ^= bit;
        }
        return bitmap.Count == 0 ? null : bitmap.Normalize();
    }

    private readonly struct InBitset(ulong[] words) : IValuePredicate
    {
        public bool Matches(ushort value) => (words[value >> 6] & (1UL << value)) != 0;
    }
}
