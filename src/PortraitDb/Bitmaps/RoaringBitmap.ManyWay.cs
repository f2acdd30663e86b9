using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Bitmaps;

public sealed partial class RoaringBitmap
{
    /// <summary>
    /// The values present in every bitmap. Works key by key over the keys all inputs share, intersecting each
    /// key's containers cheapest-first into reusable scratch space, so no intermediate bitmap is built.
    /// </summary>
    public static RoaringBitmap AndMany(params ReadOnlySpan<RoaringBitmap> bitmaps)
    {
        if (bitmaps.IsEmpty)
            return new RoaringBitmap();
        if (bitmaps.Length == 1)
            return bitmaps[0].Clone();
        using var intersection = new ManyWayIntersection(bitmaps);
        var result = new RoaringBitmap(intersection.Driver._size);
        while (intersection.MoveNext(out ushort key))
        {
            var container = intersection.Intersect();
            if (container is not null)
                result.Append(key, container);
        }
        return result;
    }

    /// <summary>
    /// |⋂ bitmaps|, without building the intersection or any intermediate: the audience count of a
    /// conjunction of tags.
    /// </summary>
    public static long AndManyCardinality(params ReadOnlySpan<RoaringBitmap> bitmaps)
    {
        if (bitmaps.IsEmpty)
            return 0;
        if (bitmaps.Length == 1)
            return bitmaps[0].Cardinality;
        using var intersection = new ManyWayIntersection(bitmaps);
        long count = 0;
        while (intersection.MoveNext(out _))
            count += intersection.IntersectCardinality();
        return count;
    }

    /// <summary>
    /// <see cref="AndManyCardinality(ReadOnlySpan{RoaringBitmap})"/> split by key ranges over <paramref name="partitions"/> threads: a cold
    /// intersection is bound by memory latency, and each core keeps its own misses in flight.
    /// </summary>
    internal static long AndManyCardinality(RoaringBitmap[] bitmaps, int partitions, CancellationToken cancellationToken)
    {
        if (bitmaps.Length < 2 || partitions < 2)
            return AndManyCardinality(bitmaps);
        int keys = bitmaps.Min(bitmap => bitmap._size);
        long total = 0;
        Parallel.For(0, partitions, new ParallelOptions { CancellationToken = cancellationToken }, partition =>
        {
            using var intersection = new ManyWayIntersection(bitmaps, keys * partition / partitions, keys * (partition + 1) / partitions);
            long count = 0;
            while (intersection.MoveNext(out _))
                count += intersection.IntersectCardinality();
            Interlocked.Add(ref total, count);
        });
        return total;
    }

    /// <summary>The keys an intersection walks: those of the input with the fewest. Partitions of [0, this) split the work.</summary>
    internal static int AndManyKeyCount(ReadOnlySpan<RoaringBitmap> bitmaps)
    {
        int keys = int.MaxValue;
        foreach (var bitmap in bitmaps)
            keys = Math.Min(keys, bitmap._size);
        return bitmaps.IsEmpty ? 0 : keys;
    }

    /// <summary>
    /// Hands <paramref name="visit"/> each non-empty container of the intersection, in key order, among the walked
    /// keys at positions [<paramref name="start"/>, <paramref name="end"/>) of <see cref="AndManyKeyCount"/>: for
    /// callers that go on working segment by segment (scans after the bitmap part of a condition) without building
    /// the whole intersection first. Needs at least two inputs.
    /// </summary>
    internal static void AndManyEach(ReadOnlySpan<RoaringBitmap> bitmaps, int start, int end, Action<ushort, Container> visit)
    {
        using var intersection = new ManyWayIntersection(bitmaps, start, end);
        while (intersection.MoveNext(out ushort key))
        {
            if (intersection.Intersect() is { } container)
                visit(key, container);
        }
    }

    /// <summary>
    /// The values present in any bitmap. Each key's containers are unioned into one scratch bitset whose
    /// cardinality is counted once at the end (a lazy union), rather than bitmap by bitmap.
    /// </summary>
    public static RoaringBitmap OrMany(params ReadOnlySpan<RoaringBitmap> bitmaps)
    {
        if (bitmaps.IsEmpty)
            return new RoaringBitmap();
        if (bitmaps.Length == 1)
            return bitmaps[0].Clone();
        int total = 0;
        foreach (var bitmap in bitmaps)
            total += bitmap._size;
        var keys = new ushort[total];
        var containers = new Container[total];
        int filled = 0;
        foreach (var bitmap in bitmaps)
        {
            bitmap._keys.AsSpan(0, bitmap._size).CopyTo(keys.AsSpan(filled));
            bitmap._containers.AsSpan(0, bitmap._size).CopyTo(containers.AsSpan(filled));
            filled += bitmap._size;
        }
        Array.Sort(keys, containers);
        var result = new RoaringBitmap(Math.Min(total, RoaringConstants.ContainerSpan));
        int start = 0;
        while (start < total)
        {
            int end = start + 1;
            while (end < total && keys[end] == keys[start])
                end++;
            result.Append(keys[start], UnionOf(containers.AsSpan(start, end - start)));
            start = end;
        }
        return result;
    }

    private static Container UnionOf(ReadOnlySpan<Container> group)
    {
        if (group.Length == 1)
            return group[0].Clone();
        // A handful of small arrays merge faster than a bitset can be cleared and counted (CRoaring's lazy lower bound).
        const int ArrayUnionLimit = 1024;
        int totalCardinality = 0;
        bool allArrays = true;
        foreach (var container in group)
        {
            totalCardinality += container.Cardinality;
            allArrays &= container is ArrayContainer;
            if (container.IsFull)
                return container.Clone();
        }
        if (allArrays && totalCardinality <= ArrayUnionLimit)
        {
            var merged = new ushort[totalCardinality];
            var scratch = new ushort[totalCardinality];
            int count = ((ArrayContainer)group[0]).Count;
            ((ArrayContainer)group[0]).Span.CopyTo(merged);
            for (int index = 1; index < group.Length; index++)
            {
                count = ArrayKernels.Union(merged.AsSpan(0, count), ((ArrayContainer)group[index]).Span, scratch);
                (merged, scratch) = (scratch, merged);
            }
            return new ArrayContainer(merged, count);
        }
        var bitmap = new BitmapContainer();
        foreach (var container in group)
            container.OrInto(bitmap.Words);
        bitmap.RepairCardinality();
        return bitmap.IsFull ? RunContainer.FromRange(0, RoaringConstants.ContainerSpan) : bitmap.Normalize();
    }

    /// <summary>
    /// Walks the keys that every input holds and intersects their containers. Its per-key steps are compiled fully
    /// optimised from the first call: an audience count runs them a few hundred times, and at tier 0 (or while tiered
    /// compilation still instruments them) a count took three times as long. A key's containers are ordered by
    /// cardinality; the smallest seeds the candidates and the others filter them in that order (a bitset by one probe
    /// per candidate, an array by a vector walk or merge, runs by a merge), so a sparse tag prunes the candidates
    /// before any dense one is read.
    /// </summary>
    private ref struct ManyWayIntersection
    {
        private readonly ReadOnlySpan<RoaringBitmap> _bitmaps;
        private readonly int[] _positions;
        private readonly Container[] _containers;
        private readonly ulong[][] _words;
        private readonly ulong[][] _drawn;
        private readonly ulong[][] _upcoming;
        private int _upcomingCount;
        private readonly Scratch _scratch;
        private readonly int[] _sizes;
        private int _driverPosition;
        private readonly int _driverEnd;

        public ManyWayIntersection(ReadOnlySpan<RoaringBitmap> bitmaps)
            : this(bitmaps, 0, int.MaxValue)
        {
        }

        /// <summary>An intersection over the driver's (the input with fewest keys) keys at positions [<paramref name="driverStart"/>, <paramref name="driverEnd"/>).</summary>
        public ManyWayIntersection(ReadOnlySpan<RoaringBitmap> bitmaps, int driverStart, int driverEnd)
        {
            _bitmaps = bitmaps;
            _positions = new int[bitmaps.Length];
            _containers = new Container[bitmaps.Length];
            _words = new ulong[bitmaps.Length][];
            _drawn = new ulong[bitmaps.Length][];
            _upcoming = new ulong[bitmaps.Length][];
            _scratch = Scratch.Rent();
            _sizes = new int[bitmaps.Length];
            int driver = 0;
            for (int index = 1; index < bitmaps.Length; index++)
            {
                if (bitmaps[index]._size < bitmaps[driver]._size)
                    driver = index;
            }
            DriverIndex = driver;
            _driverPosition = driverStart - 1;
            _driverEnd = Math.Min(driverEnd, bitmaps[driver]._size);
            if (driverStart > 0)
            {
                ushort first = bitmaps[driver]._keys[Math.Min(driverStart, bitmaps[driver]._size - 1)];
                for (int index = 0; index < bitmaps.Length; index++)
                    _positions[index] = bitmaps[index].AdvanceUntil(first, 0);
            }
        }

        public int DriverIndex { get; }

        /// <summary>Hands the scratch buffers back to the thread for its next intersection.</summary>
        public readonly void Dispose() => Scratch.Return(_scratch);

        public readonly RoaringBitmap Driver => _bitmaps[DriverIndex];

        /// <summary>Moves to the next key present in every input and gathers its containers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool MoveNext(out ushort key)
        {
            var driver = Driver;
            var containers = _containers.AsSpan();
            while (++_driverPosition < _driverEnd)
            {
                key = driver._keys[_driverPosition];
                _upcomingCount = 0;
                bool everywhere = true;
                for (int index = 0; index < _bitmaps.Length && everywhere; index++)
                {
                    var bitmap = _bitmaps[index];
                    int position = _positions[index];
                    // Tag bitmaps of one table share most keys: the next key is usually right here.
                    if (position >= bitmap._size || bitmap._keys[position] != key)
                    {
                        position = bitmap.AdvanceUntil(key, position);
                        _positions[index] = position;
                        if (position == bitmap._size)
                        {
                            _driverPosition = driver._size;
                            key = 0;
                            return false;
                        }
                        everywhere = bitmap._keys[position] == key;
                    }
                    // Through a span: a store into a Container[] would pay a covariance check per element.
                    containers[index] = bitmap._containers[position];
                    if (PrefetchAhead(bitmap, position) is { } upcoming)
                        _upcoming[_upcomingCount++] = upcoming;
                }
                if (everywhere)
                    return true;
            }
            key = 0;
            return false;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int IntersectCardinality()
        {
            var smallest = SortBySize(_containers, _sizes);
            if (SeedsCandidates(smallest))
                return ProbesCostMore(smallest) ? CountSeedInWords((ArrayContainer)smallest) : FilterCandidates();
            int count = GatherWords(0);
            return count == 0 ? smallest.Cardinality : (int)BitsetKernels.AndManyPopCount(_words.AsSpan(0, count), _upcoming.AsSpan(0, _upcomingCount));
        }

        /// <summary>
        /// Counts a large array seed against the other inputs (bitsets and runs only): their AND goes word by word
        /// into an L1-resident scratch, read sequentially as the hardware prefetcher likes, and the seed's values are
        /// then looked up there. Drawing the seed as a bitset instead costs a dependent read-modify-write per value.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int CountSeedInWords(ArrayContainer seed)
        {
            int inputs = GatherWords(1);
            if (inputs == 0)
                return seed.Count;
            if (inputs == 1)
                return BitsetKernels.CountMembers(seed.Span, _words[0]);
            var scratch = _scratch.And;
            BitsetKernels.BinaryStoreNoCount<AndOperator>(_words[0], _words[1], scratch);
            for (int input = 2; input < inputs; input++)
                BitsetKernels.BinaryStoreNoCount<AndOperator>(scratch, _words[input], scratch);
            return BitsetKernels.CountMembers(seed.Span, scratch);
        }

        /// <summary>
        /// True when the smallest container's values are few enough to filter one by one: an array, or runs or a
        /// bitset holding fewer than <see cref="RoaringConstants.DenseArraySeed"/> values. A bitset of more (a dense
        /// index keeps arrays of 2048 values and up as bitsets) is ANDed word by word.
        /// </summary>
        private static bool SeedsCandidates(Container smallest) => smallest switch
        {
            ArrayContainer => true,
            BitmapContainer => smallest.Cardinality < RoaringConstants.DenseArraySeed,
            _ => smallest.Cardinality <= RoaringConstants.ArrayMaxCardinality,
        };

        /// <summary>A large array against bitsets and runs only (see <see cref="RoaringConstants.DenseArraySeed"/>).</summary>
        private readonly bool ProbesCostMore(Container smallest)
        {
            if (smallest is not ArrayContainer { Count: var count } || count < RoaringConstants.DenseArraySeed)
                return false;
            for (int index = 1; index < _containers.Length; index++)
            {
                if (_containers[index] is ArrayContainer)
                    return false;
            }
            return true;
        }

        public Container? Intersect()
        {
            var smallest = SortBySize(_containers, _sizes);
            if (SeedsCandidates(smallest))
            {
                int count = FilterCandidates();
                return count == 0 ? null : ArrayContainer.FromSpan(_scratch.Candidates.AsSpan(0, count));
            }
            int inputs = GatherWords(0);
            if (inputs == 0)
                return smallest.Clone();
            // AND into scratch first: a result of at most 4096 values becomes an array without a bitset allocated for it.
            var scratch = _scratch.And;
            int cardinality = inputs == 1
                ? (int)BitsetKernels.PopCount(_words[0])
                : (int)BitsetKernels.AndManyStore(_words.AsSpan(0, inputs), scratch);
            var words = inputs == 1 ? _words[0] : scratch;
            if (cardinality == 0)
                return null;
            if (cardinality > RoaringConstants.ArrayMaxCardinality)
                return new BitmapContainer((ulong[])words.Clone(), cardinality);
            var values = new ushort[cardinality];
            Kernels.SelectionKernels.BitsToOffsets(words, values);
            return new ArrayContainer(values, cardinality);
        }

        /// <summary>
        /// Starts from the smallest container's values and drops those any other container lacks, taking the others
        /// smallest first: each keeps at most its own share of the candidates, so the sparsest filters run early. A
        /// filter writes its survivors into the scratch buffer its input is not in; they end in <c>Candidates</c>. An
        /// array seed is read in place, so a key whose first filter empties it copies nothing.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int FilterCandidates()
        {
            var smallest = _containers[0];
            ReadOnlySpan<ushort> candidates;
            if (smallest is ArrayContainer array)
            {
                candidates = array.Span;
            }
            else
            {
                int expanded = smallest is RunContainer run ? ExpandRuns(run, _scratch.Candidates) : Kernels.SelectionKernels.BitsToOffsets(((BitmapContainer)smallest).Words, _scratch.Candidates);
                candidates = _scratch.Candidates.AsSpan(0, expanded);
            }
            for (int index = 1; index < _containers.Length && !candidates.IsEmpty; index++)
            {
                var container = _containers[index];
                if (container is RunContainer { IsFull: true })
                    continue;
                var destination = Unsafe.AreSame(ref MemoryMarshal.GetReference(candidates), ref _scratch.Candidates[0]) ? _scratch.Spare : _scratch.Candidates;
                int kept = container switch
                {
                    BitmapContainer bitmap => FilterByBitset(candidates, bitmap.Words, _scratch.Flags, destination),
                    ArrayContainer other => ArrayKernels.FilterMembers(candidates, other.Span, destination),
                    _ => FilterByRuns(candidates, (RunContainer)container, destination),
                };
                candidates = destination.AsSpan(0, kept);
            }
            if (Unsafe.AreSame(ref MemoryMarshal.GetReference(candidates), ref _scratch.Spare[0]))
                (_scratch.Candidates, _scratch.Spare) = (_scratch.Spare, _scratch.Candidates);
            else if (!candidates.IsEmpty && !Unsafe.AreSame(ref MemoryMarshal.GetReference(candidates), ref _scratch.Candidates[0]))
                candidates.CopyTo(_scratch.Candidates);
            return candidates.Length;
        }

        /// <summary>
        /// Keeps the candidates whose bit is set; <paramref name="destination"/> may alias the candidates. The probes
        /// write flags to fixed places first: a compacting store right after each probe would make the next store's
        /// address wait for the probe's cache miss, and the misses would no longer overlap.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int FilterByBitset(ReadOnlySpan<ushort> candidates, ulong[] words, byte[] flags, Span<ushort> destination)
        {
            ref ushort source = ref MemoryMarshal.GetReference(candidates);
            ref ulong bits = ref MemoryMarshal.GetArrayDataReference(words);
            ref byte flag = ref MemoryMarshal.GetArrayDataReference(flags);
            for (int index = 0; index < candidates.Length; index++)
            {
                ushort value = Unsafe.Add(ref source, index);
                Unsafe.Add(ref flag, index) = (byte)((Unsafe.Add(ref bits, value >> 6) >> value) & 1);
            }
            return Compact(candidates, flags, destination);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Compact(ReadOnlySpan<ushort> candidates, byte[] flags, Span<ushort> destination)
        {
            ref ushort source = ref MemoryMarshal.GetReference(candidates);
            ref ushort target = ref MemoryMarshal.GetReference(destination);
            ref byte flag = ref MemoryMarshal.GetArrayDataReference(flags);
            int kept = 0;
            for (int index = 0; index < candidates.Length; index++)
            {
                Unsafe.Add(ref target, kept) = Unsafe.Add(ref source, index);
                kept += Unsafe.Add(ref flag, index);
            }
            return kept;
        }

        private static int FilterByRuns(ReadOnlySpan<ushort> candidates, RunContainer run, Span<ushort> destination)
        {
            int kept = 0;
            int runIndex = 0;
            foreach (ushort value in candidates)
            {
                while (runIndex < run.NumberOfRuns && run.EndAt(runIndex) <= value)
                    runIndex++;
                if (runIndex == run.NumberOfRuns)
                    break;
                destination[kept] = value;
                kept += value >= run.StartAt(runIndex) ? 1 : 0;
            }
            return kept;
        }

        /// <summary>Collects the bitsets of the containers from <paramref name="first"/> on (runs and arrays drawn into scratch bitsets; full runs skipped); returns how many.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int GatherWords(int first)
        {
            int count = 0;
            for (int index = first; index < _containers.Length; index++)
            {
                switch (_containers[index])
                {
                    case BitmapContainer bitmap:
                        _words[count++] = bitmap.Words;
                        break;
                    case ArrayContainer or RunContainer when !_containers[index].IsFull:
                        {
                            var scratch = _drawn[index] ??= new ulong[RoaringConstants.BitsetWords];
                            Array.Clear(scratch);
                            _containers[index].OrInto(scratch);
                            _words[count++] = scratch;
                            break;
                        }
                }
            }
            return count;
        }

        private static int ExpandRuns(RunContainer run, Span<ushort> destination)
        {
            int count = 0;
            for (int runIndex = 0; runIndex < run.NumberOfRuns; runIndex++)
            {
                int end = run.EndAt(runIndex);
                for (int value = run.StartAt(runIndex); value < end; value++)
                    destination[count++] = (ushort)value;
            }
            return count;
        }

        /// <summary>
        /// Asks the CPU to start loading upcoming containers while this key is filtered: the walk touches a few
        /// objects per key across several bitmaps, and their cache misses otherwise add up. The container object two
        /// keys ahead is fetched first; a bitset's first words one key ahead, once its object (fetched a key earlier)
        /// can be read without a stall (a word-wise AND then streams in the rest, see <see cref="ReadAhead"/>). A stale
        /// address after a GC move is harmless: a prefetch is only a hint. Returns the next key's bitset words, if any.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe ulong[]? PrefetchAhead(RoaringBitmap bitmap, int position)
        {
            if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
                return null;
            if (position + 2 < bitmap._size)
            {
                var farther = bitmap._containers[position + 2];
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(*(void**)Unsafe.AsPointer(ref farther));
            }
            if (position + 1 >= bitmap._size || bitmap._containers[position + 1] is not BitmapContainer next)
                return null;
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(next.Words)));
            return next.Words;
        }

        /// <summary>
        /// The filter and AND buffers, kept per thread: an audience count would otherwise allocate and zero 20 KB per
        /// call. An intersection nested in another's callback on the same thread gets fresh ones.
        /// </summary>
        private sealed class Scratch
        {
            [ThreadStatic]
            private static Scratch? _threadSpare;

            public ushort[] Candidates = new ushort[RoaringConstants.ArrayMaxCardinality];
            public ushort[] Spare = new ushort[RoaringConstants.ArrayMaxCardinality];
            public readonly byte[] Flags = new byte[RoaringConstants.ArrayMaxCardinality];
            public readonly ulong[] And = new ulong[RoaringConstants.BitsetWords];

            public static Scratch Rent()
            {
                var scratch = _threadSpare ?? new Scratch();
                _threadSpare = null;
                return scratch;
            }

            public static void Return(Scratch scratch) => _threadSpare = scratch;
        }

        /// <summary>Orders the containers by cardinality, smallest first (a handful: insertion sort), and returns the smallest.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static Container SortBySize(Container[] array, int[] sizes)
        {
            // Through a span: a store into a Container[] would pay a covariance check per element.
            var containers = array.AsSpan();
            for (int index = 0; index < containers.Length; index++)
            {
                var container = containers[index];
                int size = container.Cardinality;
                int position = index;
                for (; position > 0 && sizes[position - 1] > size; position--)
                {
                    containers[position] = containers[position - 1];
                    sizes[position] = sizes[position - 1];
                }
                containers[position] = container;
                sizes[position] = size;
            }
            return containers[0];
        }
    }
}
