using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PortraitDb.Bitmaps.Internal;

/// <summary>Kernels over sorted, duplicate-free spans of 16-bit values.</summary>
internal static class ArrayKernels
{
    /// <summary>Index of <paramref name="value"/>, or the bitwise complement of where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BinarySearch(ReadOnlySpan<ushort> values, ushort value)
    {
        int low = 0;
        int high = values.Length - 1;
        ref ushort start = ref MemoryMarshal.GetReference(values);
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            ushort candidate = Unsafe.Add(ref start, middle);
            if (candidate < value)
                low = middle + 1;
            else if (candidate > value)
                high = middle - 1;
            else
                return middle;
        }
        return ~low;
    }

    /// <summary>The first index whose value is at least <paramref name="value"/>.</summary>
    public static int LowerBound(ReadOnlySpan<ushort> values, int value)
    {
        if (value > ushort.MaxValue)
            return values.Length;
        int index = BinarySearch(values, (ushort)value);
        return index >= 0 ? index : ~index;
    }

    /// <summary>
    /// The first index at or after <paramref name="position"/> whose value is at least <paramref name="minimum"/>,
    /// by galloping then binary search: cheap when the answer is near.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AdvanceUntil(ReadOnlySpan<ushort> values, int position, ushort minimum)
    {
        int lower = position;
        if (lower >= values.Length || values[lower] >= minimum)
            return lower;
        int span = 1;
        while (lower + span < values.Length && values[lower + span] < minimum)
            span <<= 1;
        int upper = Math.Min(lower + span, values.Length - 1);
        if (values[upper] < minimum)
            return values.Length;
        lower += span >> 1;
        while (lower + 1 < upper)
        {
            int middle = (int)((uint)(lower + upper) >> 1);
            if (values[middle] < minimum)
                lower = middle;
            else
                upper = middle;
        }
        return upper;
    }

    public static int CountRuns(ReadOnlySpan<ushort> values)
    {
        if (values.IsEmpty)
            return 0;
        int runs = 1;
        for (int index = 1; index < values.Length; index++)
            runs += values[index] != values[index - 1] + 1 ? 1 : 0;
        return runs;
    }

    /// <summary>Writes <c>left ∩ right</c> into <paramref name="destination"/> (may alias <paramref name="left"/>); returns its length.</summary>
    public static int Intersect(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right, Span<ushort> destination)
    {
        if (left.Length * RoaringConstants.GallopRatio < right.Length)
            return IntersectGalloping(left, right, destination);
        if (right.Length * RoaringConstants.GallopRatio < left.Length)
            return IntersectGalloping(right, left, destination);
        return IntersectMerge(left, right, destination);
    }

    public static int IntersectCount(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right)
    {
        if (left.Length > right.Length)
        {
            var swap = left;
            left = right;
            right = swap;
        }
        if (left.Length * RoaringConstants.GallopRatio < right.Length)
        {
            int found = 0;
            int position = 0;
            foreach (ushort value in left)
            {
                position = AdvanceUntil(right, position, value);
                if (position == right.Length)
                    break;
                found += right[position] == value ? 1 : 0;
            }
            return found;
        }
        int count = 0;
        int l = 0;
        int r = 0;
        while (l < left.Length && r < right.Length)
        {
            ushort a = left[l];
            ushort b = right[r];
            // Branch-free advance: random data makes a comparison branch a coin toss.
            count += a == b ? 1 : 0;
            l += a <= b ? 1 : 0;
            r += b <= a ? 1 : 0;
        }
        return count;
    }

    public static bool Intersects(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right)
    {
        int l = 0;
        int r = 0;
        while (l < left.Length && r < right.Length)
        {
            if (left[l] == right[r])
                return true;
            if (left[l] < right[r])
                l = AdvanceUntil(left, l + 1, right[r]);
            else
                r = AdvanceUntil(right, r + 1, left[l]);
        }
        return false;
    }

    public static int IntersectMerge(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right, Span<ushort> destination)
    {
        int count = 0;
        int l = 0;
        int r = 0;
        while (l < left.Length && r < right.Length)
        {
            ushort a = left[l];
            ushort b = right[r];
            destination[count] = a;
            count += a == b ? 1 : 0;
            l += a <= b ? 1 : 0;
            r += b <= a ? 1 : 0;
        }
        return count;
    }

    /// <summary>Intersection when <paramref name="small"/> is much shorter than <paramref name="large"/>.</summary>
    public static int IntersectGalloping(ReadOnlySpan<ushort> small, ReadOnlySpan<ushort> large, Span<ushort> destination)
    {
        int count = 0;
        int position = 0;
        foreach (ushort value in small)
        {
            position = AdvanceUntil(large, position, value);
            if (position == large.Length)
                break;
            if (large[position] == value)
                destination[count++] = value;
        }
        return count;
    }

    /// <summary>Writes <c>left ∪ right</c> into <paramref name="destination"/> (which must not alias either); returns its length.</summary>
    public static int Union(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right, Span<ushort> destination)
    {
        int count = 0;
        int l = 0;
        int r = 0;
        while (l < left.Length && r < right.Length)
        {
            ushort a = left[l];
            ushort b = right[r];
            if (a < b)
            {
                destination[count++] = a;
                l++;
            }
            else if (b < a)
            {
                destination[count++] = b;
                r++;
            }
            else
            {
                destination[count++] = a;
                l++;
                r++;
            }
        }
        left[l..].CopyTo(destination[count..]);
        count += left.Length - l;
        right[r..].CopyTo(destination[count..]);
        return count + right.Length - r;
    }

    /// <summary>Writes <c>left \ right</c> into <paramref name="destination"/> (may alias <paramref name="left"/>); returns its length.</summary>
    public static int Difference(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right, Span<ushort> destination)
    {
        int count = 0;
        int r = 0;
        foreach (ushort value in left)
        {
            r = AdvanceUntil(right, r, value);
            if (r == right.Length || right[r] != value)
                destination[count++] = value;
        }
        return count;
    }

    /// <summary>Writes <c>left △ right</c> into <paramref name="destination"/> (which must not alias either); returns its length.</summary>
    public static int SymmetricDifference(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right, Span<ushort> destination)
    {
        int count = 0;
        int l = 0;
        int r = 0;
        while (l < left.Length && r < right.Length)
        {
            ushort a = left[l];
            ushort b = right[r];
            if (a < b)
            {
                destination[count++] = a;
                l++;
            }
            else if (b < a)
            {
                destination[count++] = b;
                r++;
            }
            else
            {
                l++;
                r++;
            }
        }
        left[l..].CopyTo(destination[count..]);
        count += left.Length - l;
        right[r..].CopyTo(destination[count..]);
        return count + right.Length - r;
    }
}
