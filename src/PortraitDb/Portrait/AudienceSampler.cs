using PortraitDb.Bitmaps;

namespace PortraitDb.Portrait;

/// <summary>
/// Draws members of an audience uniformly without replacement, without listing the audience: distinct ranks are
/// drawn by Floyd's algorithm (every subset of the requested size equally likely), sorted, and turned into row ids
/// by one walk over the bitmap's containers with a select inside each. The generator is SplitMix64 with Lemire's
/// unbiased bounded draws, so a seed gives the same sample on every platform and runtime.
/// </summary>
internal static class AudienceSampler
{
    /// <summary>min(<paramref name="count"/>, |rows|) distinct members of <paramref name="rows"/>, in row order.</summary>
    public static uint[] Sample(RoaringBitmap rows, long count, ulong seed, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long total = rows.Cardinality;
        long wanted = Math.Min(count, total);
        if (wanted == total)
            return rows.ToArray();
        long[] ranks;
        if (wanted > total / 2)
        {
            // Drawing the few left out is cheaper than drawing the many kept, and as uniform.
            var excluded = DrawRanks(total, total - wanted, seed, cancellationToken);
            Array.Sort(excluded);
            ranks = new long[wanted];
            int kept = 0;
            int skip = 0;
            for (long rank = 0; rank < total; rank++)
            {
                if (skip < excluded.Length && excluded[skip] == rank)
                    skip++;
                else
                    ranks[kept++] = rank;
            }
        }
        else
        {
            ranks = DrawRanks(total, wanted, seed, cancellationToken);
            Array.Sort(ranks);
        }
        var members = new uint[ranks.Length];
        int container = 0;
        long before = 0;
        for (int index = 0; index < ranks.Length; index++)
        {
            while (before + rows.ContainerAt(container).Cardinality <= ranks[index])
                before += rows.ContainerAt(container++).Cardinality;
            members[index] = ((uint)rows.KeyAt(container) << 16) | rows.ContainerAt(container).Select((int)(ranks[index] - before));
        }
        return members;
    }

    /// <summary><paramref name="wanted"/> distinct ranks below <paramref name="total"/>, uniformly (Floyd's algorithm).</summary>
    internal static long[] DrawRanks(long total, long wanted, ulong seed, CancellationToken cancellationToken = default)
    {
        var random = new SplitMix64(seed);
        var chosen = new HashSet<long>((int)Math.Min(wanted, int.MaxValue / 2));
        var ranks = new long[wanted];
        int next = 0;
        for (long candidate = total - wanted; candidate < total; candidate++)
        {
            if ((candidate & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            long drawn = (long)random.Below((ulong)candidate + 1);
            long rank = chosen.Add(drawn) ? drawn : candidate;
            if (rank == candidate)
                chosen.Add(candidate);
            ranks[next++] = rank;
        }
        return ranks;
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood): tiny, fast, and the same everywhere.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A uniform draw from [0, bound), unbiased (Lemire's multiply-and-reject).</summary>
        public ulong Below(ulong bound)
        {
            ulong high = Math.BigMul(Next(), bound, out ulong low);
            if (low < bound)
            {
                ulong threshold = (0 - bound) % bound;
                while (low < threshold)
                    high = Math.BigMul(Next(), bound, out low);
            }
            return high;
        }
    }
}
