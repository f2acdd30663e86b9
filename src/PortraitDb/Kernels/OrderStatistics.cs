using System.Numerics;

namespace PortraitDb.Kernels;

/// <summary>
/// Order statistics without a full sort: <see cref="Select{T}(Span{T}, ReadOnlySpan{int})"/> rearranges values so that each wanted position holds
/// the value a sort would put there (everything before it is no larger, everything after no smaller). Quickselect
/// with a three-way partition, so columns of heavy ties (most customers have one order) stay linear, recursing only
/// into the ranges that still hold wanted positions: k positions cost about n·log k comparisons instead of n·log n.
/// </summary>
internal static class OrderStatistics
{
    // Below this many values an insertion sort finishes the range.
    private const int SmallRange = 24;

    /// <summary>
    /// Puts the ascending order statistic at every position of <paramref name="positions"/> (each in
    /// [0, values.Length)) in its place. NaN, if any, sorts after every number.
    /// </summary>
    public static void Select<T>(Span<T> values, ReadOnlySpan<int> positions)
        where T : unmanaged, INumber<T>
    {
        foreach (int position in positions)
        {
            if ((uint)position >= (uint)values.Length)
                throw new ArgumentOutOfRangeException(nameof(positions), position, $"A position is outside the {values.Length} values.");
        }
        int[] sorted = positions.ToArray();
        Array.Sort(sorted);
        Select(values, 0, sorted, 0, sorted.Length, new Random(values.Length));
    }

    /// <summary>Selects <paramref name="positions"/>[first, end) (ascending, absolute) within values[offset, offset + values.Length).</summary>
    private static void Select<T>(Span<T> values, int offset, int[] positions, int first, int end, Random random)
        where T : unmanaged, INumber<T>
    {
        while (first < end)
        {
            if (values.Length <= SmallRange)
            {
                InsertionSort(values);
                return;
            }
            // A random pivot: adversarial (already sorted, organ-pipe) inputs stay linear on average.
            var pivot = values[random.Next(values.Length)];
            Partition(values, pivot, out int less, out int greater);
            // values[..less] < pivot, values[less..greater] == pivot, values[greater..] > pivot.
            int lowEnd = first;
            while (lowEnd < end && positions[lowEnd] - offset < less)
                lowEnd++;
            int highStart = lowEnd;
            while (highStart < end && positions[highStart] - offset < greater)
                highStart++;
            // Recurse into the smaller side, loop on the larger, so the stack stays logarithmic.
            if (lowEnd - first <= end - highStart)
            {
                Select(values[..less], offset, positions, first, lowEnd, random);
                offset += greater;
                values = values[greater..];
                first = highStart;
            }
            else
            {
                Select(values[greater..], offset + greater, positions, highStart, end, random);
                values = values[..less];
                end = lowEnd;
            }
        }
    }

    /// <summary>Three-way partition around <paramref name="pivot"/> (Dijkstra's Dutch national flag).</summary>
    private static void Partition<T>(Span<T> values, T pivot, out int less, out int greater)
        where T : unmanaged, INumber<T>
    {
        int low = 0;
        int middle = 0;
        int high = values.Length;
        while (middle < high)
        {
            var value = values[middle];
            int order = Compare(value, pivot);
            if (order < 0)
            {
                (values[low], values[middle]) = (values[middle], values[low]);
                low++;
                middle++;
            }
            else if (order > 0)
            {
                high--;
                (values[middle], values[high]) = (values[high], values[middle]);
            }
            else
            {
                middle++;
            }
        }
        less = low;
        greater = high;
    }

    private static void InsertionSort<T>(Span<T> values)
        where T : unmanaged, INumber<T>
    {
        for (int index = 1; index < values.Length; index++)
        {
            var value = values[index];
            int at = index - 1;
            while (at >= 0 && Compare(values[at], value) > 0)
            {
                values[at + 1] = values[at];
                at--;
            }
            values[at + 1] = value;
        }
    }

    /// <summary>Numbers in order, NaN after every number and equal to itself (as ORDER BY sorts them).</summary>
    private static int Compare<T>(T left, T right)
        where T : unmanaged, INumber<T>
    {
        bool leftNaN = T.IsNaN(left);
        bool rightNaN = T.IsNaN(right);
        if (leftNaN || rightNaN)
            return leftNaN.CompareTo(rightNaN);
        return left < right ? -1 : left > right ? 1 : 0;
    }
}
