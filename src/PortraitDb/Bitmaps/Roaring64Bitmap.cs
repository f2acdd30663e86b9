using System.Buffers.Binary;
using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PortraitDb.Bitmaps;

/// <summary>
/// A set of 64-bit unsigned integers for hosts whose ids are 64-bit: one <see cref="RoaringBitmap"/> per
/// distinct high 32 bits. It reads and writes the 64-bit portable Roaring format (a u64 bucket count, then
/// each bucket's high 32 bits and 32-bit portable bitmap), as CRoaring, Go, Rust and Java do.
/// </summary>
public sealed class Roaring64Bitmap : IEquatable<Roaring64Bitmap>, IEnumerable<ulong>
{
    private uint[] _highs = [];
    private RoaringBitmap[] _buckets = [];
    private int _size;

    /// <summary>The number of values.</summary>
    public long Cardinality
    {
        get
        {
            long total = 0;
            for (int index = 0; index < _size; index++)
                total += _buckets[index].Cardinality;
            return total;
        }
    }

    /// <summary>True when the bitmap holds no value.</summary>
    public bool IsEmpty => _size == 0;

    /// <summary>The smallest value.</summary>
    /// <exception cref="InvalidOperationException">The bitmap is empty.</exception>
    public ulong Min => _size == 0 ? throw new InvalidOperationException("The bitmap is empty.") : Combine(_highs[0], _buckets[0].Min);

    /// <summary>The largest value.</summary>
    /// <exception cref="InvalidOperationException">The bitmap is empty.</exception>
    public ulong Max => _size == 0 ? throw new InvalidOperationException("The bitmap is empty.") : Combine(_highs[_size - 1], _buckets[_size - 1].Max);

    /// <summary>Adds <paramref name="value"/>; returns true when it was not present.</summary>
    public bool Add(ulong value)
    {
        uint high = (uint)(value >> 32);
        int index = Find(high);
        if (index < 0)
        {
            index = ~index;
            Insert(index, high, new RoaringBitmap());
        }
        return _buckets[index].Add((uint)value);
    }

    /// <summary>Removes <paramref name="value"/>; returns true when it was present.</summary>
    public bool Remove(ulong value)
    {
        int index = Find((uint)(value >> 32));
        if (index < 0 || !_buckets[index].Remove((uint)value))
            return false;
        if (_buckets[index].IsEmpty)
            RemoveAt(index);
        return true;
    }

    /// <summary>True when the bitmap holds <paramref name="value"/>.</summary>
    public bool Contains(ulong value)
    {
        int index = Find((uint)(value >> 32));
        return index >= 0 && _buckets[index].Contains((uint)value);
    }

    /// <summary>Converts containers to runs where smaller; returns true when any run container remains.</summary>
    public bool RunOptimize()
    {
        bool anyRuns = false;
        for (int index = 0; index < _size; index++)
            anyRuns |= _buckets[index].RunOptimize();
        return anyRuns;
    }

    /// <summary>A deep copy.</summary>
    public Roaring64Bitmap Clone()
    {
        var clone = new Roaring64Bitmap { _highs = _highs[.._size], _buckets = new RoaringBitmap[_size], _size = _size };
        for (int index = 0; index < _size; index++)
            clone._buckets[index] = _buckets[index].Clone();
        return clone;
    }

    /// <summary>The values in both bitmaps.</summary>
    public static Roaring64Bitmap And(Roaring64Bitmap left, Roaring64Bitmap right) => Combine(left, right, RoaringBitmap.And, keepLeftOnly: false, keepRightOnly: false);

    /// <summary>The values in either bitmap.</summary>
    public static Roaring64Bitmap Or(Roaring64Bitmap left, Roaring64Bitmap right) => Combine(left, right, RoaringBitmap.Or, keepLeftOnly: true, keepRightOnly: true);

    /// <summary>The values in exactly one of the bitmaps.</summary>
    public static Roaring64Bitmap Xor(Roaring64Bitmap left, Roaring64Bitmap right) => Combine(left, right, RoaringBitmap.Xor, keepLeftOnly: true, keepRightOnly: true);

    /// <summary>The values in <paramref name="left"/> but not in <paramref name="right"/>.</summary>
    public static Roaring64Bitmap AndNot(Roaring64Bitmap left, Roaring64Bitmap right) => Combine(left, right, RoaringBitmap.AndNot, keepLeftOnly: true, keepRightOnly: false);

    /// <summary>The values in both bitmaps.</summary>
    public static Roaring64Bitmap operator &(Roaring64Bitmap left, Roaring64Bitmap right) => And(left, right);

    /// <summary>The values in either bitmap.</summary>
    public static Roaring64Bitmap operator |(Roaring64Bitmap left, Roaring64Bitmap right) => Or(left, right);

    /// <summary>The values in exactly one of the bitmaps.</summary>
    public static Roaring64Bitmap operator ^(Roaring64Bitmap left, Roaring64Bitmap right) => Xor(left, right);

    /// <summary>|left ∩ right|, without building the intersection.</summary>
    public static long AndCardinality(Roaring64Bitmap left, Roaring64Bitmap right)
    {
        long count = 0;
        int l = 0;
        int r = 0;
        while (l < left._size && r < right._size)
        {
            if (left._highs[l] == right._highs[r])
                count += RoaringBitmap.AndCardinality(left._buckets[l++], right._buckets[r++]);
            else if (left._highs[l] < right._highs[r])
                l++;
            else
                r++;
        }
        return count;
    }

    /// <summary>The values in ascending order.</summary>
    public ulong[] ToArray()
    {
        var values = new ulong[Cardinality];
        int position = 0;
        foreach (ulong value in this)
            values[position++] = value;
        return values;
    }

    /// <summary>Enumerates the values in ascending order.</summary>
    public IEnumerator<ulong> GetEnumerator()
    {
        for (int index = 0; index < _size; index++)
        {
            ulong high = (ulong)_highs[index] << 32;
            foreach (uint low in _buckets[index])
                yield return high | low;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same values.</summary>
    public bool Equals([NotNullWhen(true)] Roaring64Bitmap? other)
    {
        if (other is null || other._size != _size)
            return false;
        for (int index = 0; index < _size; index++)
        {
            if (_highs[index] != other._highs[index] || !_buckets[index].Equals(other._buckets[index]))
                return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Roaring64Bitmap);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (int index = 0; index < _size; index++)
        {
            hash.Add(_highs[index]);
            hash.Add(_buckets[index].GetHashCode());
        }
        return hash.ToHashCode();
    }

    /// <summary>Bytes <see cref="Serialize()"/> writes.</summary>
    public long SerializedSizeInBytes
    {
        get
        {
            long total = sizeof(ulong);
            for (int index = 0; index < _size; index++)
                total += sizeof(uint) + _buckets[index].SerializedSizeInBytes;
            return total;
        }
    }

    /// <summary>The bitmap in the 64-bit portable Roaring format.</summary>
    public byte[] Serialize()
    {
        var buffer = new byte[SerializedSizeInBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, (ulong)_size);
        int position = sizeof(ulong);
        for (int index = 0; index < _size; index++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(position), _highs[index]);
            position += sizeof(uint);
            position += _buckets[index].Write(buffer.AsSpan(position));
        }
        return buffer;
    }

    /// <summary>Writes the bitmap to <paramref name="stream"/> in the 64-bit portable Roaring format.</summary>
    public void Serialize(Stream stream)
    {
        Span<byte> header = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)_size);
        stream.Write(header);
        for (int index = 0; index < _size; index++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, _highs[index]);
            stream.Write(header[..sizeof(uint)]);
            _buckets[index].Serialize(stream);
        }
    }

    /// <summary>Reads a bitmap in the 64-bit portable Roaring format.</summary>
    /// <exception cref="RoaringFormatException">The bytes are not a valid 64-bit portable bitmap.</exception>
    public static Roaring64Bitmap Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < sizeof(ulong))
            throw new RoaringFormatException($"the data ends inside the bucket count (needed 8 bytes, {data.Length} left).", 0);
        ulong buckets = BinaryPrimitives.ReadUInt64LittleEndian(data);
        // Each bucket takes at least 12 bytes (its high half and an 8-byte empty bitmap): bound the count by the data.
        if (buckets > (ulong)(data.Length - sizeof(ulong)) / 12)
            throw new RoaringFormatException($"the bucket count {buckets} does not fit in the {data.Length - sizeof(ulong)} bytes that follow.", 0);
        var bitmap = new Roaring64Bitmap();
        int position = sizeof(ulong);
        long previousHigh = -1;
        for (ulong bucket = 0; bucket < buckets; bucket++)
        {
            if (data.Length - position < sizeof(uint))
                throw new RoaringFormatException("the data ends inside a bucket's high 32 bits.", position);
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
            if (high <= previousHigh)
                throw new RoaringFormatException($"bucket keys must strictly increase; {high} follows {previousHigh}.", position);
            previousHigh = high;
            position += sizeof(uint);
            RoaringBitmap inner;
            try
            {
                inner = RoaringBitmap.Deserialize(data[position..], out int read);
                position += read;
            }
            catch (RoaringFormatException error)
            {
                throw new RoaringFormatException($"bucket {bucket}: {error.Message}", position + error.Offset);
            }
            if (!inner.IsEmpty)
                bitmap.Insert(bitmap._size, high, inner);
        }
        return bitmap;
    }

    /// <summary>Reads one 64-bit portable bitmap from <paramref name="stream"/>, consuming exactly its bytes.</summary>
    /// <exception cref="RoaringFormatException">The bytes are not a valid 64-bit portable bitmap, or the stream ends early.</exception>
    public static Roaring64Bitmap Deserialize(Stream stream)
    {
        Span<byte> header = stackalloc byte[sizeof(ulong)];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            throw new RoaringFormatException("the data ends inside the bucket count.", 0);
        ulong buckets = BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (buckets > uint.MaxValue)
            throw new RoaringFormatException($"the bucket count {buckets} exceeds 2^32 − 1.", 0);
        var bitmap = new Roaring64Bitmap();
        long previousHigh = -1;
        for (ulong bucket = 0; bucket < buckets; bucket++)
        {
            // Buckets are read one by one, so a bogus count cannot drive an allocation: the stream runs out first.
            if (stream.ReadAtLeast(header[..sizeof(uint)], sizeof(uint), throwOnEndOfStream: false) < sizeof(uint))
                throw new RoaringFormatException($"the data ends inside bucket {bucket}'s high 32 bits.", 0);
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (high <= previousHigh)
                throw new RoaringFormatException($"bucket keys must strictly increase; {high} follows {previousHigh}.", 0);
            previousHigh = high;
            var inner = RoaringBitmap.Deserialize(stream);
            if (!inner.IsEmpty)
                bitmap.Insert(bitmap._size, high, inner);
        }
        return bitmap;
    }

    private int Find(uint high) => Array.BinarySearch(_highs, 0, _size, high);

    private void Insert(int index, uint high, RoaringBitmap bucket)
    {
        if (_size == _highs.Length)
        {
            int capacity = Math.Max(4, _size * 2);
            Array.Resize(ref _highs, capacity);
            Array.Resize(ref _buckets, capacity);
        }
        Array.Copy(_highs, index, _highs, index + 1, _size - index);
        Array.Copy(_buckets, index, _buckets, index + 1, _size - index);
        _highs[index] = high;
        _buckets[index] = bucket;
        _size++;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_highs, index + 1, _highs, index, _size - index - 1);
        Array.Copy(_buckets, index + 1, _buckets, index, _size - index - 1);
        _size--;
        _buckets[_size] = null!;
    }

    private static Roaring64Bitmap Combine(
        Roaring64Bitmap left, Roaring64Bitmap right, Func<RoaringBitmap, RoaringBitmap, RoaringBitmap> operation, bool keepLeftOnly, bool keepRightOnly)
    {
        var result = new Roaring64Bitmap();
        int l = 0;
        int r = 0;
        while (l < left._size || r < right._size)
        {
            if (r == right._size || (l < left._size && left._highs[l] < right._highs[r]))
            {
                if (keepLeftOnly)
                    result.Insert(result._size, left._highs[l], left._buckets[l].Clone());
                l++;
            }
            else if (l == left._size || right._highs[r] < left._highs[l])
            {
                if (keepRightOnly)
                    result.Insert(result._size, right._highs[r], right._buckets[r].Clone());
                r++;
            }
            else
            {
                var bucket = operation(left._buckets[l], right._buckets[r]);
                if (!bucket.IsEmpty)
                    result.Insert(result._size, left._highs[l], bucket);
                l++;
                r++;
            }
        }
        return result;
    }

    private static ulong Combine(uint high, uint low) => ((ulong)high << 32) | low;
}
