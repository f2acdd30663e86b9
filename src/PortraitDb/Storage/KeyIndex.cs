using System.Runtime.CompilerServices;

namespace PortraitDb.Storage;

/// <summary>Compares a stored row's key with the key being looked up.</summary>
internal interface IKeyMatcher
{
    bool Matches(uint row);
}

/// <summary>
/// The key column's hash index: 4096 open-addressing partitions (chosen by the hash's top bits) of entries that
/// pack the hash's low 32 bits with the row id. Keys themselves are read from the key column to confirm a
/// match. A transaction copies a partition before changing it, so readers keep their snapshot.
/// </summary>
internal sealed class KeyIndex
{
    private const int PartitionBits = 12;
    private const ulong Empty = 0;
    private const uint TombstoneRow = uint.MaxValue;

    private readonly Partition?[] _partitions;

    public KeyIndex() => _partitions = new Partition?[1 << PartitionBits];

    private KeyIndex(Partition?[] partitions) => _partitions = partitions;

    /// <summary>An index of distinct keys, built in bulk (partitions in parallel): <paramref name="rows"/>[i] has a key hashing to <paramref name="hashes"/>[i].</summary>
    public static KeyIndex Build(ulong[] hashes, uint[] rows)
    {
        int partitionCount = 1 << PartitionBits;
        var starts = new int[partitionCount + 1];
        foreach (ulong hash in hashes)
            starts[PartitionOf(hash) + 1]++;
        for (int partition = 0; partition < partitionCount; partition++)
            starts[partition + 1] += starts[partition];
        var entries = new ulong[hashes.Length];
        var next = (int[])starts.Clone();
        for (int index = 0; index < hashes.Length; index++)
            entries[next[PartitionOf(hashes[index])]++] = ((ulong)(uint)hashes[index] << 32) | (rows[index] + 1);
        var partitions = new Partition?[partitionCount];
        Parallel.For(0, partitionCount, partition =>
        {
            int count = starts[partition + 1] - starts[partition];
            if (count == 0)
                return;
            // The same load bound as Add: at most three quarters full.
            int size = 16;
            while (count * 4 > size * 3)
                size *= 2;
            var slots = new ulong[size];
            foreach (ulong entry in entries.AsSpan(starts[partition], count))
                Insert(slots, entry);
            partitions[partition] = new Partition(slots, 0) { Count = count };
        });
        return new KeyIndex(partitions);
    }

    /// <summary>The transaction that may change the partition list in place.</summary>
    public long Owner;

    /// <summary>A copy sharing every partition, for <paramref name="transaction"/> to change.</summary>
    public KeyIndex ShareForWrite(long transaction) => new((Partition?[])_partitions.Clone()) { Owner = transaction };

    public long SizeInBytes
    {
        get
        {
            long total = 32 + ((long)_partitions.Length * IntPtr.Size);
            foreach (var partition in _partitions)
                total += partition is null ? 0 : 48 + (8L * partition.Slots.Length);
            return total;
        }
    }

    /// <summary>The row holding the key with <paramref name="hash"/> that <paramref name="matcher"/> accepts, or −1.</summary>
    public long Find<TMatcher>(ulong hash, ref TMatcher matcher)
        where TMatcher : IKeyMatcher, allows ref struct
    {
        var partition = _partitions[PartitionOf(hash)];
        if (partition is null)
            return -1;
        ulong[] slots = partition.Slots;
        int mask = slots.Length - 1;
        uint fragment = (uint)hash;
        for (int slot = (int)(fragment & (uint)mask), probes = 0; probes < slots.Length; slot = (slot + 1) & mask, probes++)
        {
            ulong entry = slots[slot];
            if (entry == Empty)
                return -1;
            uint stored = (uint)entry;
            if (stored != TombstoneRow && (uint)(entry >> 32) == fragment && matcher.Matches(stored - 1))
                return stored - 1;
        }
        return -1;
    }

    /// <summary>Starts loading the slot a lookup of <paramref name="hash"/> will read first; only a hint.</summary>
    public unsafe void Prefetch(ulong hash)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || _partitions[PartitionOf(hash)] is not { } partition)
            return;
        ulong[] slots = partition.Slots;
        int slot = (int)((uint)hash & (uint)(slots.Length - 1));
        System.Runtime.Intrinsics.X86.Sse.Prefetch0(Unsafe.AsPointer(ref slots[slot]));
    }

    /// <summary>Records <paramref name="row"/> under <paramref name="hash"/>; the caller has checked that the key is new.</summary>
    public void Add(ulong hash, uint row, long transaction)
    {
        var partition = OwnPartition(PartitionOf(hash), transaction);
        if ((partition.Count + partition.Tombstones + 1) * 4 > partition.Slots.Length * 3)
            partition.Rehash();
        Insert(partition.Slots, ((ulong)(uint)hash << 32) | (row + 1));
        partition.Count++;
    }

    /// <summary>Forgets <paramref name="row"/> stored under <paramref name="hash"/>.</summary>
    public void Remove(ulong hash, uint row, long transaction)
    {
        var partition = OwnPartition(PartitionOf(hash), transaction);
        ulong[] slots = partition.Slots;
        int mask = slots.Length - 1;
        uint fragment = (uint)hash;
        for (int slot = (int)(fragment & (uint)mask), probes = 0; probes < slots.Length; slot = (slot + 1) & mask, probes++)
        {
            ulong entry = slots[slot];
            if (entry == Empty)
                return;
            if ((uint)entry == row + 1)
            {
                slots[slot] = ((ulong)fragment << 32) | TombstoneRow;
                partition.Count--;
                partition.Tombstones++;
                return;
            }
        }
    }

    private Partition OwnPartition(int index, long transaction)
    {
        var partition = _partitions[index];
        if (partition is null)
            return _partitions[index] = new Partition(new ulong[16], transaction);
        if (partition.Owner == transaction)
            return partition;
        return _partitions[index] = new Partition((ulong[])partition.Slots.Clone(), transaction)
        {
            Count = partition.Count,
            Tombstones = partition.Tombstones,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PartitionOf(ulong hash) => (int)(hash >> (64 - PartitionBits));

    private static void Insert(ulong[] slots, ulong entry)
    {
        int mask = slots.Length - 1;
        int slot = (int)((uint)(entry >> 32) & (uint)mask);
        while (slots[slot] != Empty && (uint)slots[slot] != TombstoneRow)
            slot = (slot + 1) & mask;
        slots[slot] = entry;
    }

    private sealed class Partition(ulong[] slots, long owner)
    {
        public ulong[] Slots = slots;
        public int Count;
        public int Tombstones;
        public readonly long Owner = owner;

        /// <summary>Rebuilds without tombstones, doubling when more than half full.</summary>
        public void Rehash()
        {
            int size = Slots.Length;
            while (Count * 2 >= size)
                size *= 2;
            var slots = new ulong[size];
            foreach (ulong entry in Slots)
            {
                if (entry != Empty && (uint)entry != TombstoneRow)
                    Insert(slots, entry);
            }
            Slots = slots;
            Tombstones = 0;
        }
    }
}
