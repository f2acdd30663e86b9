using System.Buffers;
using PortraitDb.Bitmaps;
using PortraitDb.Bitmaps.Internal;
using PortraitDb.Kernels;
using PortraitDb.Query.Execution;
using PortraitDb.Storage;

namespace PortraitDb.Portrait;

/// <summary>
/// The shared shape of PROFILE's counting passes: one visit per segment of a set of rows, in parallel over segments
/// when the set is large, with per-thread counters and scratch buffers merged at the end. The counted column's NULL
/// rows are left out of what a visitor reads (<see cref="Offsets"/>, <see cref="Mask"/>) and counted in the last slot,
/// by a bit test per member against the segment's NULL bitset rather than a container difference.
/// </summary>
internal static class SegmentCounting
{
    private const long ParallelThreshold = 1 << 16;

    /// <summary>A segment's members (NULLs included until read through the helpers), and the segment's key.</summary>
    public delegate void Visit(ushort key, Container members, long[] counts, Scratch scratch);

    /// <summary>
    /// Runs <paramref name="visit"/> on every segment of <paramref name="rows"/>, into <paramref name="slots"/> counters
    /// whose last one collects the members that are NULL in <paramref name="nulls"/>.
    /// </summary>
    public static long[] Count(RoaringBitmap rows, RoaringBitmap nulls, int slots, bool parallel, Visit visit, CancellationToken cancellationToken)
    {
        var total = new long[slots];

        void Segment(int index, long[] counts, Scratch scratch)
        {
            ushort key = rows.KeyAt(index);
            var members = rows.ContainerAt(index);
            var nullRows = RowReader.ContainerOf(nulls, key);
            scratch.HasNulls = nullRows is not null;
            if (nullRows is not null)
            {
                Array.Clear(scratch.Nulls);
                nullRows.OrInto(scratch.Nulls);
            }
            visit(key, members, counts, scratch);
        }

        if (parallel && rows.ContainerCount > 1 && rows.Cardinality >= ParallelThreshold)
        {
            var gate = new Lock();
            Parallel.For(0, rows.ContainerCount, new ParallelOptions { CancellationToken = cancellationToken },
                () => (Counts: new long[slots], Scratch: new Scratch()),
                (index, _, local) =>
                {
                    Segment(index, local.Counts, local.Scratch);
                    return local;
                },
                local =>
                {
                    local.Scratch.Dispose();
                    lock (gate)
                    {
                        for (int slot = 0; slot < slots; slot++)
                            total[slot] += local.Counts[slot];
                    }
                });
        }
        else
        {
            using var scratch = new Scratch();
            for (int index = 0; index < rows.ContainerCount; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Segment(index, total, scratch);
            }
        }
        return total;
    }

    /// <summary>
    /// The row offsets of the members that are not NULL (in the scratch's offset buffer); the NULL ones are added to
    /// the last counter. Offsets at or past <paramref name="limit"/> (the chunk's end, which only NULLs pass) are dropped.
    /// </summary>
    public static ReadOnlySpan<ushort> Offsets(Container members, int limit, long[] counts, Scratch scratch)
    {
        var offsets = scratch.Offsets;
        int count = FilterExecutor.Offsets(members, offsets);
        if (scratch.HasNulls)
        {
            var nulls = scratch.Nulls;
            int kept = 0;
            for (int index = 0; index < count; index++)
            {
                ushort offset = offsets[index];
                offsets[kept] = offset;
                kept += (int)(~(nulls[offset >> 6] >> offset) & 1);
            }
            counts[^1] += count - kept;
            count = kept;
        }
        while (count > 0 && offsets[count - 1] >= limit)
            count--;
        return offsets.AsSpan(0, count);
    }

    /// <summary>
    /// The members that are not NULL as a bitset of the segment (a bitmap container's own words when there are no
    /// NULLs, else the scratch's); the NULL ones are added to the last counter.
    /// </summary>
    public static ulong[] Mask(Container members, long[] counts, Scratch scratch)
    {
        if (!scratch.HasNulls && members is BitmapContainer bitmap)
            return bitmap.Words;
        var words = scratch.Words;
        Array.Clear(words);
        members.OrInto(words);
        if (scratch.HasNulls)
        {
            var nulls = scratch.Nulls;
            long dropped = 0;
            for (int word = 0; word < words.Length; word++)
            {
                dropped += System.Numerics.BitOperations.PopCount(words[word] & nulls[word]);
                words[word] &= ~nulls[word];
            }
            counts[^1] += dropped;
        }
        return words;
    }

    /// <summary>True when the members are exactly the first <paramref name="length"/> rows of the segment and none is NULL.</summary>
    public static bool IsWholeChunk(Container members, int length, Scratch scratch) =>
        !scratch.HasNulls && members.Cardinality == length && (length == 0 || members.Min == 0 && members.Max == length - 1);

    /// <summary>True when a segment's members are dense enough that a pass over the whole chunk with a mask beats gathering them.</summary>
    public static bool Dense(Container members, int length) => members.Cardinality * 4L >= length;

    /// <summary>Per-thread scratch of one segment's size.</summary>
    public sealed class Scratch : IDisposable
    {
        public readonly ushort[] Offsets = ArrayPool<ushort>.Shared.Rent(RoaringConstants.ContainerSpan);
        public readonly int[] Ids = ArrayPool<int>.Shared.Rent(RoaringConstants.ContainerSpan);
        public readonly int[] Ints = ArrayPool<int>.Shared.Rent(RoaringConstants.ContainerSpan);
        public readonly long[] Longs = ArrayPool<long>.Shared.Rent(RoaringConstants.ContainerSpan);
        public readonly double[] Reals = ArrayPool<double>.Shared.Rent(RoaringConstants.ContainerSpan);
        public readonly ulong[] Words = new ulong[RoaringConstants.BitsetWords];
        public readonly ulong[] Nulls = new ulong[RoaringConstants.BitsetWords];

        /// <summary>True when the current segment has NULLs in the counted column (then in <see cref="Nulls"/>).</summary>
        public bool HasNulls;

        public void Dispose()
        {
            ArrayPool<ushort>.Shared.Return(Offsets);
            ArrayPool<int>.Shared.Return(Ids);
            ArrayPool<int>.Shared.Return(Ints);
            ArrayPool<long>.Shared.Return(Longs);
            ArrayPool<double>.Shared.Return(Reals);
        }
    }
}

/// <summary>
/// Counts the members of a set by dictionary code of a CATEGORY column: per segment, a masked histogram of the
/// chunk's codes for a dense set (<see cref="GroupKernels.CountCodes(ReadOnlySpan{byte}, ReadOnlySpan{ulong}, Span{long})"/>),
/// or the members' codes gathered and counted for a sparse one.
/// </summary>
internal static class CodeCounter
{
    /// <summary>Members per code (DictionaryCounts of the column), then the NULLs.</summary>
    public static long[] Count(TableData data, int column, RoaringBitmap rows, bool parallel, CancellationToken cancellationToken)
    {
        int values = data.DictionaryCounts[column];
        return SegmentCounting.Count(rows, data.NullRows[column], values + 1, parallel, (key, members, counts, scratch) =>
        {
            var chunk = (Storage.Columns.CodeChunk)data.Segments[key].Chunk(column);
            switch (chunk.Width)
            {
                case 8:
                    Histogram(chunk.Codes8, members, counts, values, scratch);
                    break;
                case 16:
                    Histogram(chunk.Codes16, members, counts, values, scratch);
                    break;
                default:
                    Histogram(chunk.Codes32, members, counts, values, scratch);
                    break;
            }
        }, cancellationToken);
    }

    private static void Histogram(ReadOnlySpan<byte> codes, Container members, long[] counts, int values, SegmentCounting.Scratch scratch)
    {
        if (SegmentCounting.Dense(members, codes.Length))
        {
            GroupKernels.CountCodes(codes, SegmentCounting.Mask(members, counts, scratch), counts.AsSpan(0, values));
            return;
        }
        var offsets = SegmentCounting.Offsets(members, codes.Length, counts, scratch);
        GroupKernels.GatherCodes(codes, offsets, scratch.Ids);
        GroupKernels.CountByGroup(scratch.Ids.AsSpan(0, offsets.Length), counts.AsSpan(0, values));
    }

    private static void Histogram(ReadOnlySpan<ushort> codes, Container members, long[] counts, int values, SegmentCounting.Scratch scratch)
    {
        if (SegmentCounting.Dense(members, codes.Length))
        {
            GroupKernels.CountCodes(codes, SegmentCounting.Mask(members, counts, scratch), counts.AsSpan(0, values));
            return;
        }
        var offsets = SegmentCounting.Offsets(members, codes.Length, counts, scratch);
        GroupKernels.GatherCodes(codes, offsets, scratch.Ids);
        GroupKernels.CountByGroup(scratch.Ids.AsSpan(0, offsets.Length), counts.AsSpan(0, values));
    }

    private static void Histogram(ReadOnlySpan<int> codes, Container members, long[] counts, int values, SegmentCounting.Scratch scratch)
    {
        if (SegmentCounting.Dense(members, codes.Length))
        {
            GroupKernels.CountCodes(codes, SegmentCounting.Mask(members, counts, scratch), counts.AsSpan(0, values));
            return;
        }
        var offsets = SegmentCounting.Offsets(members, codes.Length, counts, scratch);
        GroupKernels.GatherCodes(codes, offsets, scratch.Ids);
        GroupKernels.CountByGroup(scratch.Ids.AsSpan(0, offsets.Length), counts.AsSpan(0, values));
    }
}

/// <summary>Counts the members of a set by tag of a TAGS column, reading each member's tag codes (for sets much smaller than the table).</summary>
internal static class TagCounter
{
    /// <summary>Members per tag code (DictionaryCounts of the column), then the NULLs.</summary>
    public static long[] Count(TableData data, int column, RoaringBitmap rows, bool parallel, CancellationToken cancellationToken)
    {
        int values = data.DictionaryCounts[column];
        return SegmentCounting.Count(rows, data.NullRows[column], values + 1, parallel, (key, members, counts, scratch) =>
        {
            var chunk = (Storage.Columns.TagsChunk)data.Segments[key].Chunk(column);
            foreach (ushort offset in SegmentCounting.Offsets(members, RoaringConstants.ContainerSpan, counts, scratch))
            {
                foreach (int code in chunk.Get(offset))
                    counts[code]++;
            }
        }, cancellationToken);
    }
}
