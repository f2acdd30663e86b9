using System.Diagnostics.CodeAnalysis;
using System.Text;
using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Bitmaps;

/// <summary>
/// A compressed set of 32-bit unsigned integers (a Roaring bitmap): values are grouped by their high 16 bits
/// into containers that are sorted arrays, 65,536-bit bitsets or runs, whichever is smallest. It reads and
/// writes the portable Roaring format of CRoaring, Java and Go byte for byte.
/// </summary>
/// <remarks>
/// A bitmap is safe for any number of concurrent readers; writers need exclusive access. In PortraitDb a
/// container key is a segment: row ids <c>[key × 65536, (key + 1) × 65536)</c>.
/// </remarks>
public sealed partial class RoaringBitmap : IEquatable<RoaringBitmap>
{
    private ushort[] _keys;
    private Container[] _containers;
    private int _size;

    /// <summary>
    /// <see cref="Cardinality"/> once asked, -1 until then; every change to the containers resets it. A query plan
    /// asks for the sizes of the bitmaps it reads, and summing a container per segment means a cache miss per
    /// segment on a cold index.
    /// </summary>
    private long _cardinality = -1;

    /// <summary>Creates an empty bitmap.</summary>
    public RoaringBitmap()
    {
        _keys = [];
        _containers = [];
    }

    private RoaringBitmap(int capacity)
    {
        _keys = capacity == 0 ? [] : new ushort[capacity];
        _containers = capacity == 0 ? [] : new Container[capacity];
    }

    /// <summary>Builds a bitmap from values in ascending order (duplicates allowed), in bulk.</summary>
    /// <exception cref="ArgumentException">The values are not in ascending order.</exception>
    public static RoaringBitmap FromSorted(ReadOnlySpan<uint> values)
    {
        // Sized for ascending input; unsorted input is rejected below, so the guess only needs to be bounded.
        int keys = values.IsEmpty || values[^1] < values[0] ? 0 : (int)((values[^1] >> 16) - (values[0] >> 16) + 1);
        var bitmap = new RoaringBitmap(Math.Min(keys, values.Length));
        int start = 0;
        while (start < values.Length)
        {
            uint high = values[start] >> 16;
            int end = start + 1;
            while (end < values.Length && values[end] >> 16 == high)
                end++;
            var group = values[start..end];
            var container = BuildContainer(group);
            if (bitmap._size > 0 && bitmap._keys[bitmap._size - 1] >= high)
                throw new ArgumentException($"Values must be in ascending order; {values[start]} follows {values[start - 1]}.", nameof(values));
            bitmap.Append((ushort)high, container);
            start = end;
        }
        return bitmap;

        static Container BuildContainer(ReadOnlySpan<uint> group)
        {
            if (group.Length > RoaringConstants.ArrayMaxCardinality)
            {
                var bitmap = new BitmapContainer();
                uint previous = group[0];
                foreach (uint value in group)
                {
                    if (value < previous)
                        throw new ArgumentException($"Values must be in ascending order; {value} follows {previous}.", nameof(values));
                    bitmap.Words[(value & 0xFFFF) >> 6] |= 1UL << (int)value;
                    previous = value;
                }
                bitmap.RepairCardinality();
                return bitmap.Normalize();
            }
            var lows = new ushort[group.Length];
            int count = 0;
            int last = -1;
            foreach (uint value in group)
            {
                int low = (int)(value & 0xFFFF);
                if (low < last)
                    throw new ArgumentException($"Values must be in ascending order; {value} follows a larger value.", nameof(values));
                if (low != last)
                    lows[count++] = (ushort)low;
                last = low;
            }
            return new ArrayContainer(lows, count);
        }
    }

    /// <summary>Builds a bitmap holding every value in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static RoaringBitmap FromRange(ulong start, ulong end)
    {
        var bitmap = new RoaringBitmap();
        bitmap.AddRange(start, end);
        return bitmap;
    }

    /// <summary>The number of values.</summary>
    public long Cardinality
    {
        get
        {
            long total = _cardinality;
            if (total >= 0)
                return total;
            total = 0;
            for (int index = 0; index < _size; index++)
                total += _containers[index].Cardinality;
            _cardinality = total;
            return total;
        }
    }

    /// <summary>True when the bitmap holds no value.</summary>
    public bool IsEmpty => _size == 0;

    /// <summary>The smallest value.</summary>
    /// <exception cref="InvalidOperationException">The bitmap is empty.</exception>
    public uint Min => _size == 0 ? throw EmptyError() : Combine(_keys[0], _containers[0].Min);

    /// <summary>The largest value.</summary>
    /// <exception cref="InvalidOperationException">The bitmap is empty.</exception>
    public uint Max => _size == 0 ? throw EmptyError() : Combine(_keys[_size - 1], _containers[_size - 1].Max);

    /// <summary>Adds <paramref name="value"/>; returns true when it was not present.</summary>
    public bool Add(uint value)
    {
        ushort key = (ushort)(value >> 16);
        int index = FindKey(key);
        if (index < 0)
        {
            var container = new ArrayContainer(4);
            container.Add((ushort)value);
            Insert(~index, key, container);
            return true;
        }
        var existing = _containers[index];
        int before = existing.Cardinality;
        _containers[index] = existing.Add((ushort)value);
        _cardinality = -1;
        return _containers[index].Cardinality != before;
    }

    /// <summary>Adds every value of <paramref name="values"/>, in any order.</summary>
    public void AddMany(ReadOnlySpan<uint> values)
    {
        int index = 0;
        while (index < values.Length)
        {
            ushort key = (ushort)(values[index] >> 16);
            int position = FindKey(key);
            Container container;
            if (position < 0)
            {
                position = ~position;
                container = new ArrayContainer(4);
                Insert(position, key, container);
            }
            container = _containers[position];
            // Stay on one container while the values share its key: one key lookup per run of values.
            for (; index < values.Length && values[index] >> 16 == key; index++)
                container = container.Add((ushort)values[index]);
            _containers[position] = container;
            _cardinality = -1;
        }
    }

    /// <summary>Removes <paramref name="value"/>; returns true when it was present.</summary>
    public bool Remove(uint value)
    {
        int index = FindKey((ushort)(value >> 16));
        if (index < 0)
            return false;
        var container = _containers[index];
        int before = container.Cardinality;
        container = container.Remove((ushort)value);
        _cardinality = -1;
        if (container.Cardinality == 0)
            RemoveAt(index);
        else
            _containers[index] = container;
        return container.Cardinality != before;
    }

    /// <summary>True when the bitmap holds <paramref name="value"/>.</summary>
    public bool Contains(uint value)
    {
        int index = FindKey((ushort)(value >> 16));
        return index >= 0 && _containers[index].Contains((ushort)value);
    }

    /// <summary>Adds every value in [<paramref name="start"/>, <paramref name="end"/>), where end is at most 2^32.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is reversed or ends past 2^32.</exception>
    public void AddRange(ulong start, ulong end) =>
        ApplyRange(start, end, static (existing, range) => existing is null ? RangeContainer(range) : ContainerOperations.Or(existing, range));

    /// <summary>Removes every value in [<paramref name="start"/>, <paramref name="end"/>), where end is at most 2^32.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is reversed or ends past 2^32.</exception>
    public void RemoveRange(ulong start, ulong end) =>
        ApplyRange(start, end, static (existing, range) => existing is null ? null : ContainerOperations.AndNot(existing, range));

    /// <summary>Complements the bitmap within [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is reversed or ends past 2^32.</exception>
    public void Flip(ulong start, ulong end) =>
        ApplyRange(start, end, static (existing, range) => existing is null ? RangeContainer(range) : ContainerOperations.Xor(existing, range));

    /// <summary>The number of values less than or equal to <paramref name="value"/>.</summary>
    public long Rank(uint value)
    {
        ushort key = (ushort)(value >> 16);
        long rank = 0;
        for (int index = 0; index < _size; index++)
        {
            if (_keys[index] < key)
            {
                rank += _containers[index].Cardinality;
                continue;
            }
            if (_keys[index] == key)
                rank += _containers[index].Rank((ushort)value);
            break;
        }
        return rank;
    }

    /// <summary>The value at zero-based position <paramref name="index"/> in ascending order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <see cref="Cardinality"/>.</exception>
    public uint Select(long index)
    {
        if (!TrySelect(index, out uint value))
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The bitmap holds {Cardinality} values.");
        return value;
    }

    /// <summary>The value at zero-based position <paramref name="index"/>, if there is one.</summary>
    public bool TrySelect(long index, out uint value)
    {
        value = 0;
        if (index < 0)
            return false;
        long remaining = index;
        for (int container = 0; container < _size; container++)
        {
            int cardinality = _containers[container].Cardinality;
            if (remaining < cardinality)
            {
                value = Combine(_keys[container], _containers[container].Select((int)remaining));
                return true;
            }
            remaining -= cardinality;
        }
        return false;
    }

    /// <summary>
    /// Converts each container to runs where that is smaller (CRoaring's rule), and runs back to arrays or
    /// bitsets where they are not; returns true when any container is a run afterwards.
    /// </summary>
    public bool RunOptimize()
    {
        bool anyRuns = false;
        for (int index = 0; index < _size; index++)
        {
            _containers[index] = _containers[index].RunOptimize();
            anyRuns |= _containers[index] is RunContainer;
        }
        return anyRuns;
    }

    /// <summary>A deep copy.</summary>
    public RoaringBitmap Clone()
    {
        var clone = new RoaringBitmap(_size);
        for (int index = 0; index < _size; index++)
        {
            clone._keys[index] = _keys[index];
            clone._containers[index] = _containers[index].Clone();
        }
        clone._size = _size;
        return clone;
    }

    /// <summary>Bytes the bitmap occupies in memory.</summary>
    public long SizeInBytes
    {
        get
        {
            long total = 64 + ((long)_keys.Length * sizeof(ushort)) + ((long)_containers.Length * IntPtr.Size);
            for (int index = 0; index < _size; index++)
                total += _containers[index].SizeInBytes;
            return total;
        }
    }

    /// <summary>Same values, whatever the container kinds.</summary>
    public bool Equals([NotNullWhen(true)] RoaringBitmap? other)
    {
        if (other is null)
            return false;
        if (ReferenceEquals(this, other))
            return true;
        if (_size != other._size || !_keys.AsSpan(0, _size).SequenceEqual(other._keys.AsSpan(0, other._size)))
            return false;
        for (int index = 0; index < _size; index++)
        {
            if (!_containers[index].ValueEquals(other._containers[index]))
                return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RoaringBitmap);

    /// <summary>A hash of the keys and container cardinalities, which equal bitmaps share whatever their encoding.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (int index = 0; index < _size; index++)
        {
            hash.Add(_keys[index]);
            hash.Add(_containers[index].Cardinality);
        }
        return hash.ToHashCode();
    }

    /// <summary>Up to the first 16 values, and the cardinality.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("{");
        Span<uint> head = stackalloc uint[16];
        int shown = GetBatchIterator().Fill(head);
        for (int index = 0; index < shown; index++)
            text.Append(index == 0 ? "" : ", ").Append(head[index]);
        long cardinality = Cardinality;
        if (cardinality > shown)
            text.Append(", … (").Append(cardinality).Append(" values)");
        return text.Append('}').ToString();
    }

    // ---- Internal access for the engine (a container key is a segment) ----

    /// <summary>The storage transaction that may change this bitmap's container list in place (0: none).</summary>
    internal long Owner;

    /// <summary>A copy that shares every container: the first step of a copy-on-write change.</summary>
    internal RoaringBitmap ShareContainers()
    {
        var copy = new RoaringBitmap(_size);
        Array.Copy(_keys, copy._keys, _size);
        Array.Copy(_containers, copy._containers, _size);
        copy._size = _size;
        return copy;
    }

    internal void SetContainerAt(int index, Container container)
    {
        _containers[index] = container;
        _cardinality = -1;
    }

    /// <summary>
    /// Copies the containers <paramref name="owner"/> wrote in key order, keeping their owner, in the engine's dense
    /// index form (<see cref="Container.InDenseIndexForm"/>). Containers built segment by segment lie between those of
    /// every bitmap built alongside; copied one bitmap after another, a bitmap's containers lie one after the other
    /// and a cold AND streams through each input (docs/storage.md has the figures).
    /// </summary>
    internal void LayOutInKeyOrder(long owner)
    {
        for (int index = 0; index < _size; index++)
        {
            var container = _containers[index];
            if (container.Owner != owner)
                continue;
            var copy = container.InDenseIndexForm();
            if (ReferenceEquals(copy, container))
                copy = container.Clone();
            copy.Owner = owner;
            _containers[index] = copy;
        }
    }

    internal void InsertContainerAt(int index, ushort key, Container container) => Insert(index, key, container);

    internal void RemoveContainerAt(int index) => RemoveAt(index);

    internal int ContainerCount => _size;

    internal ushort KeyAt(int index) => _keys[index];

    internal Container ContainerAt(int index) => _containers[index];

    /// <summary>The index of <paramref name="key"/>, or the complement of where it would go.</summary>
    internal int FindKey(ushort key)
    {
        // Most bitmaps are dense over segments: check the direct position first.
        if (key < _size && _keys[key] == key)
            return key;
        return ArrayKernels.BinarySearch(_keys.AsSpan(0, _size), key);
    }

    /// <summary>Appends a container whose key is above every key present.</summary>
    internal void Append(ushort key, Container container)
    {
        if (_size == _keys.Length)
            Grow(_size + 1);
        _keys[_size] = key;
        _containers[_size] = container;
        _size++;
        _cardinality = -1;
    }

    private void Insert(int index, ushort key, Container container)
    {
        if (_size == _keys.Length)
            Grow(_size + 1);
        Array.Copy(_keys, index, _keys, index + 1, _size - index);
        Array.Copy(_containers, index, _containers, index + 1, _size - index);
        _keys[index] = key;
        _containers[index] = container;
        _size++;
        _cardinality = -1;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_keys, index + 1, _keys, index, _size - index - 1);
        Array.Copy(_containers, index + 1, _containers, index, _size - index - 1);
        _size--;
        _containers[_size] = null!;
        _cardinality = -1;
    }

    private void Grow(int capacity)
    {
        int grown = Math.Min(Math.Max(capacity, Math.Max(4, _keys.Length * 2)), RoaringConstants.ContainerSpan);
        Array.Resize(ref _keys, grown);
        Array.Resize(ref _containers, grown);
    }

    private void ApplyRange(ulong start, ulong end, Func<Container?, RunContainer, Container?> apply)
    {
        const ulong Universe = 1UL << 32;
        if (end > Universe)
            throw new ArgumentOutOfRangeException(nameof(end), end, "A range ends at most at 2^32.");
        if (start > end)
            throw new ArgumentOutOfRangeException(nameof(start), start, "A range's start must not exceed its end.");
        if (start == end)
            return;
        uint firstKey = (uint)(start >> 16);
        uint lastKey = (uint)((end - 1) >> 16);
        for (uint key = firstKey; key <= lastKey; key++)
        {
            int low = key == firstKey ? (int)(start & 0xFFFF) : 0;
            int high = key == lastKey ? (int)((end - 1) & 0xFFFF) + 1 : RoaringConstants.ContainerSpan;
            int index = FindKey((ushort)key);
            var result = apply(index >= 0 ? _containers[index] : null, RunContainer.FromRange(low, high));
            _cardinality = -1;
            if (index >= 0)
            {
                if (result is null)
                    RemoveAt(index);
                else
                    _containers[index] = result;
            }
            else if (result is not null)
            {
                Insert(~index, (ushort)key, result);
            }
        }
    }

    /// <summary>A fresh container for a range: two values or fewer as an array, else one run (as CRoaring does).</summary>
    private static Container RangeContainer(RunContainer range) =>
        range.Count <= 2 ? range.ToArrayContainer() : range;

    private static uint Combine(ushort key, ushort low) => ((uint)key << 16) | low;

    private static InvalidOperationException EmptyError() => new("The bitmap is empty.");
}
