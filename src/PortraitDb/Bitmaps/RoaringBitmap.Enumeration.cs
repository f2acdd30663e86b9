using System.Collections;
using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Bitmaps;

public sealed partial class RoaringBitmap : IEnumerable<uint>
{
    /// <summary>The values in ascending order.</summary>
    public uint[] ToArray()
    {
        var values = new uint[Cardinality];
        CopyTo(values);
        return values;
    }

    /// <summary>Copies the values in ascending order into <paramref name="destination"/>; returns how many.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Cardinality"/>.</exception>
    public int CopyTo(Span<uint> destination)
    {
        long cardinality = Cardinality;
        if (destination.Length < cardinality)
            throw new ArgumentException($"The destination holds {destination.Length} values; the bitmap has {cardinality}.", nameof(destination));
        return GetBatchIterator().Fill(destination);
    }

    /// <summary>An iterator that fills spans with values in ascending order: the fast way to walk a large bitmap.</summary>
    public BatchIterator GetBatchIterator() => new(this);

    /// <summary>Enumerates the values in ascending order.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<uint> IEnumerable<uint>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Fills spans with a bitmap's values in ascending order. The bitmap must not change meanwhile.</summary>
    public struct BatchIterator
    {
        private readonly RoaringBitmap _bitmap;
        private int _container;
        private int _next;

        internal BatchIterator(RoaringBitmap bitmap)
        {
            _bitmap = bitmap;
            _container = 0;
            _next = 0;
        }

        /// <summary>Writes the next values into <paramref name="destination"/>; returns how many (0 at the end).</summary>
        public int Fill(Span<uint> destination)
        {
            int written = 0;
            while (written < destination.Length && _container < _bitmap._size)
            {
                uint high = (uint)_bitmap._keys[_container] << 16;
                written += _bitmap._containers[_container].Fill(_next, destination[written..], high, out _next);
                if (_next == RoaringConstants.ContainerSpan)
                {
                    _container++;
                    _next = 0;
                }
            }
            return written;
        }

        /// <summary>Skips ahead so that the next value is the first one at least <paramref name="value"/>.</summary>
        public void AdvanceTo(uint value)
        {
            ushort key = (ushort)(value >> 16);
            if (_container >= _bitmap._size)
                return;
            if (_bitmap._keys[_container] > key)
                return;
            if (_bitmap._keys[_container] == key)
            {
                _next = Math.Max(_next, (int)(value & 0xFFFF));
                return;
            }
            _container = _bitmap.AdvanceUntil(key, _container);
            _next = _container < _bitmap._size && _bitmap._keys[_container] == key ? (int)(value & 0xFFFF) : 0;
        }
    }

    /// <summary>Enumerates a bitmap's values in ascending order. The bitmap must not change meanwhile.</summary>
    public struct Enumerator : IEnumerator<uint>
    {
        private const int BufferSize = 256;
        private BatchIterator _iterator;
        private readonly uint[] _buffer;
        private int _count;
        private int _index;

        internal Enumerator(RoaringBitmap bitmap)
        {
            _iterator = bitmap.GetBatchIterator();
            _buffer = new uint[BufferSize];
            _count = 0;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly uint Current => _buffer[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext()
        {
            if (++_index < _count)
                return true;
            _count = _iterator.Fill(_buffer);
            _index = 0;
            return _count > 0;
        }

        /// <inheritdoc />
        public readonly void Reset() => throw new NotSupportedException();

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
