using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PortraitDb.Internal;

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
        // The block kernel stores whole vectors, which could overwrite left's unread values when they share memory.
        bool inPlace = left.Overlaps(destination);
        return Vector128.IsHardwareAccelerated && !inPlace ? IntersectVector128(left, right, destination) : IntersectMerge(left, right, destination);
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
        return Vector128.IsHardwareAccelerated ? IntersectCountVector128(left, right) : IntersectCountMerge(left, right);
    }

    /// <summary>Scalar reference for <see cref="IntersectCountVector128"/>: a branch-free merge.</summary>
    public static int IntersectCountMerge(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right)
    {
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

    /// <summary>
    /// |left ∩ right| by blocks of eight: each block of <paramref name="left"/> is compared with all eight rotations
    /// of the current block of <paramref name="right"/>, and the block with the smaller maximum advances (both on a
    /// tie). A merge step waits on the previous comparison; a block step does not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IntersectCountVector128(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right)
    {
        ref ushort l = ref MemoryMarshal.GetReference(left);
        ref ushort r = ref MemoryMarshal.GetReference(right);
        int i = 0;
        int j = 0;
        int count = 0;
        while (i + 8 <= left.Length && j + 8 <= right.Length)
        {
            var a = Vector128.LoadUnsafe(ref l, (nuint)i);
            var b = Vector128.LoadUnsafe(ref r, (nuint)j);
            count += BitOperations.PopCount(MatchMask(a, b));
            ushort maxA = Unsafe.Add(ref l, i + 7);
            ushort maxB = Unsafe.Add(ref r, j + 7);
            i += maxA <= maxB ? 8 : 0;
            j += maxB <= maxA ? 8 : 0;
        }
        return count + IntersectCountMerge(left[i..], right[j..]);
    }

    /// <summary>Writes <c>left ∩ right</c> by blocks of eight (see <see cref="IntersectCountVector128"/>); <paramref name="destination"/> must not overlap the inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IntersectVector128(ReadOnlySpan<ushort> left, ReadOnlySpan<ushort> right, Span<ushort> destination)
    {
        ref ushort l = ref MemoryMarshal.GetReference(left);
        ref ushort r = ref MemoryMarshal.GetReference(right);
        ref ushort d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        int j = 0;
        int count = 0;
        while (i + 8 <= left.Length && j + 8 <= right.Length)
        {
            var a = Vector128.LoadUnsafe(ref l, (nuint)i);
            var b = Vector128.LoadUnsafe(ref r, (nuint)j);
            uint mask = MatchMask(a, b);
            if (mask != 0)
            {
                // Packing the matched lanes writes a whole vector, so near its end the destination may be too short.
                if (count + 8 <= destination.Length)
                {
                    Vector128.Shuffle(a.AsByte(), CompressTable[(int)mask]).AsUInt16().StoreUnsafe(ref d, (nuint)count);
                    count += BitOperations.PopCount(mask);
                }
                else
                {
                    for (int lane = 0; lane < 8; lane++)
                    {
                        if ((mask & (1u << lane)) != 0)
                            Unsafe.Add(ref d, count++) = a.GetElement(lane);
                    }
                }
            }
            ushort maxA = Unsafe.Add(ref l, i + 7);
            ushort maxB = Unsafe.Add(ref r, j + 7);
            i += maxA <= maxB ? 8 : 0;
            j += maxB <= maxA ? 8 : 0;
        }
        return count + IntersectMerge(left[i..], right[j..], destination[count..]);
    }

    /// <summary>Bit k set when lane k of <paramref name="a"/> equals some lane of <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint MatchMask(Vector128<ushort> a, Vector128<ushort> b)
    {
        var matches = Vector128.Equals(a, b)
            | Vector128.Equals(a, Vector128.Shuffle(b, Vector128.Create((ushort)1, 2, 3, 4, 5, 6, 7, 0)))
            | Vector128.Equals(a, Vector128.Shuffle(b, Vector128.Create((ushort)2, 3, 4, 5, 6, 7, 0, 1)))
            | Vector128.Equals(a, Vector128.Shuffle(b, Vector128.Create((ushort)3, 4, 5, 6, 7, 0, 1, 2)))
            | Vector128.Equals(a, Vector128.Shuffle(b, Vector128.Create((ushort)4, 5, 6, 7, 0, 1, 2, 3)))
            | Vector128.Equals(a, Vector128.Shuffle(b, Vector128.Create((ushort)5, 6, 7, 0, 1, 2, 3, 4)))
            | Vector128.Equals(a, Vector128.Shuffle(b, Vector128.Create((ushort)6, 7, 0, 1, 2, 3, 4, 5)))
            | Vector128.Equals(a, Vector128.Shuffle(b, Vector128.Create((ushort)7, 0, 1, 2, 3, 4, 5, 6)));
        return matches.ExtractMostSignificantBits();
    }

    /// <summary>For each 8-bit lane mask, the byte shuffle that packs the selected 16-bit lanes to the front.</summary>
    private static readonly Vector128<byte>[] CompressTable = BuildCompressTable();

    private static Vector128<byte>[] BuildCompressTable()
    {
        var table = new Vector128<byte>[256];
        Span<byte> indices = stackalloc byte[16];
        for (int mask = 0; mask < 256; mask++)
        {
            indices.Fill(0x80);
            int position = 0;
            for (int lane = 0; lane < 8; lane++)
            {
                if ((mask & (1 << lane)) == 0)
                    continue;
                indices[position++] = (byte)(2 * lane);
                indices[position++] = (byte)((2 * lane) + 1);
            }
            table[mask] = Vector128.Create((ReadOnlySpan<byte>)indices);
        }
        return table;
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

    /// <summary>Fewer candidates than one per this many values: a binary search each reads less than a walk.</summary>
    private const int SearchRatio = 256;

    /// <summary>Fewer values than this many per candidate: the block merge of <see cref="Intersect"/> beats a walk.</summary>
    private const int MergeRatio = 3;

    /// <summary>
    /// Keeps the sorted <paramref name="candidates"/> found in the sorted <paramref name="values"/>, in order, in
    /// <paramref name="destination"/> (which may alias the candidates, at some cost when both sides are of a size);
    /// returns how many.
    /// </summary>
    public static int FilterMembers(ReadOnlySpan<ushort> candidates, ReadOnlySpan<ushort> values, Span<ushort> destination)
        => FilterMembers(candidates, values, destination, SimdSupport.Best);

    /// <summary>
    /// <see cref="FilterMembers(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, Span{ushort})"/> on a chosen path. The
    /// values are walked a vector-wide block at a time, skipping each block whose last value is below the candidate;
    /// one compare against the block reached settles membership. Both sides are read once, so the cost is
    /// O(candidates + values / lanes), with one branch per block skipped rather than one per value merged.
    /// </summary>
    public static int FilterMembers(ReadOnlySpan<ushort> candidates, ReadOnlySpan<ushort> values, Span<ushort> destination, SimdPath path)
    {
        if (destination.Length < candidates.Length)
            throw new ArgumentException("The destination must hold every candidate.", nameof(destination));
        int lanes = path switch
        {
            SimdPath.Vector512 => Block512.Lanes,
            SimdPath.Vector256 => Block256.Lanes,
            SimdPath.Vector128 => Block128.Lanes,
            _ => 0,
        };
        if (lanes == 0 || values.Length < lanes || candidates.Length * SearchRatio < values.Length)
            return FilterMembersBySearch(candidates, values, destination);
        if (values.Length < candidates.Length * MergeRatio && !candidates.Overlaps(destination))
            return Intersect(candidates, values, destination);
        return path switch
        {
            SimdPath.Vector512 => FilterMembersByWalk<Block512>(candidates, values, destination),
            SimdPath.Vector256 => FilterMembersByWalk<Block256>(candidates, values, destination),
            _ => FilterMembersByWalk<Block128>(candidates, values, destination),
        };
    }

    /// <summary>The block walk of <see cref="FilterMembers(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, Span{ushort}, SimdPath)"/>; needs at least <c>TBlock.Lanes</c> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FilterMembersByWalk<TBlock>(ReadOnlySpan<ushort> candidates, ReadOnlySpan<ushort> values, Span<ushort> destination)
        where TBlock : struct, IVectorBlock
    {
        ref ushort value = ref MemoryMarshal.GetReference(values);
        ref ushort candidate = ref MemoryMarshal.GetReference(candidates);
        ref ushort target = ref MemoryMarshal.GetReference(destination);
        // Blocks start at multiples of the lane count, except the last, which ends with the last value.
        int lastStart = values.Length - TBlock.Lanes;
        int start = 0;
        int kept = 0;
        for (int index = 0; index < candidates.Length; index++)
        {
            ushort wanted = Unsafe.Add(ref candidate, index);
            while (start < lastStart && Unsafe.Add(ref value, start + TBlock.Lanes - 1) < wanted)
                start += TBlock.Lanes;
            // The block is read before the store: a store whose address waits on the last compare would hold the load back.
            bool found = TBlock.Contains(ref Unsafe.Add(ref value, Math.Min(start, lastStart)), wanted);
            Unsafe.Add(ref target, kept) = wanted;
            kept += found ? 1 : 0;
        }
        return kept;
    }

    /// <summary>One vector-wide block of 16-bit values, at each width, so one walk serves all three.</summary>
    private interface IVectorBlock
    {
        static abstract int Lanes { get; }

        /// <summary>True when one of the <see cref="Lanes"/> values from <paramref name="block"/> on equals <paramref name="value"/>.</summary>
        static abstract bool Contains(ref ushort block, ushort value);
    }

    private readonly struct Block512 : IVectorBlock
    {
        public static int Lanes => Vector512<ushort>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Contains(ref ushort block, ushort value) => Vector512.EqualsAny(Vector512.LoadUnsafe(ref block), Vector512.Create(value));
    }

    private readonly struct Block256 : IVectorBlock
    {
        public static int Lanes => Vector256<ushort>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Contains(ref ushort block, ushort value) => Vector256.EqualsAny(Vector256.LoadUnsafe(ref block), Vector256.Create(value));
    }

    private readonly struct Block128 : IVectorBlock
    {
        public static int Lanes => Vector128<ushort>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Contains(ref ushort block, ushort value) => Vector128.EqualsAny(Vector128.LoadUnsafe(ref block), Vector128.Create(value));
    }

    /// <summary>
    /// Scalar reference for <see cref="FilterMembers(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, Span{ushort}, SimdPath)"/>,
    /// and its path for a few candidates among many values: a branch-free binary search each, all independent, so
    /// their loads overlap.
    /// </summary>
    public static int FilterMembersBySearch(ReadOnlySpan<ushort> candidates, ReadOnlySpan<ushort> values, Span<ushort> destination)
    {
        if (values.IsEmpty)
            return 0;
        ref ushort start = ref MemoryMarshal.GetReference(values);
        int kept = 0;
        foreach (ushort wanted in candidates)
        {
            int low = 0;
            int length = values.Length;
            while (length > 1)
            {
                int half = length >> 1;
                low = Unsafe.Add(ref start, low + half - 1) < wanted ? low + half : low;
                length -= half;
            }
            destination[kept] = wanted;
            kept += Unsafe.Add(ref start, low) == wanted ? 1 : 0;
        }
        return kept;
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
