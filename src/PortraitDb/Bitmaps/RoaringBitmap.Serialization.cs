using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Bitmaps;

/// <remarks>
/// The portable format (RoaringFormatSpec): a cookie (12346 with a 32-bit count, or 12347 with count − 1 in
/// its high half and a run-flag bitset), (key, cardinality − 1) pairs, an offset header unless runs are
/// present with fewer than four containers, then each container's payload, all little-endian.
/// </remarks>
public sealed partial class RoaringBitmap
{
    /// <summary>Bytes <see cref="Serialize()"/> writes.</summary>
    public int SerializedSizeInBytes
    {
        get
        {
            int total = HeaderSize(HasRunContainers());
            for (int index = 0; index < _size; index++)
                total += _containers[index].SerializedSizeInBytes;
            return total;
        }
    }

    /// <summary>The bitmap in the portable Roaring format.</summary>
    public byte[] Serialize()
    {
        var buffer = new byte[SerializedSizeInBytes];
        Write(buffer);
        return buffer;
    }

    /// <summary>Writes the bitmap to <paramref name="stream"/> in the portable Roaring format.</summary>
    public void Serialize(Stream stream)
    {
        bool hasRuns = HasRunContainers();
        var header = new byte[HeaderSize(hasRuns)];
        WriteHeader(header, hasRuns);
        stream.Write(header);
        var payload = new byte[RoaringConstants.BitsetBytes];
        for (int index = 0; index < _size; index++)
        {
            var container = _containers[index];
            int size = container.SerializedSizeInBytes;
            // A run container may hold up to 32768 runs (131,074 bytes), more than a bitset's 8 KiB.
            if (payload.Length < size)
                payload = new byte[size];
            var target = payload.AsSpan(0, size);
            container.WritePayload(target);
            stream.Write(target);
        }
    }

    /// <summary>Writes the portable format into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="SerializedSizeInBytes"/>.</exception>
    public int Serialize(Span<byte> destination)
    {
        int size = SerializedSizeInBytes;
        if (destination.Length < size)
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the bitmap needs {size}.", nameof(destination));
        return Write(destination);
    }

    internal int Write(Span<byte> destination)
    {
        bool hasRuns = HasRunContainers();
        int position = WriteHeader(destination, hasRuns);
        for (int index = 0; index < _size; index++)
        {
            var container = _containers[index];
            container.WritePayload(destination[position..]);
            position += container.SerializedSizeInBytes;
        }
        return position;
    }

    /// <summary>Reads a bitmap in the portable Roaring format, validating every rule of the format.</summary>
    /// <exception cref="RoaringFormatException">The bytes are not a valid portable bitmap. Bytes after the bitmap are ignored.</exception>
    public static RoaringBitmap Deserialize(ReadOnlySpan<byte> data) => Deserialize(data, out _);

    /// <summary>Reads a bitmap from the start of <paramref name="data"/>; <paramref name="bytesRead"/> is its length.</summary>
    /// <exception cref="RoaringFormatException">The bytes are not a valid portable bitmap.</exception>
    public static RoaringBitmap Deserialize(ReadOnlySpan<byte> data, out int bytesRead)
    {
        var reader = new SpanSource(data);
        var bitmap = Read(ref reader);
        bytesRead = reader.Position;
        return bitmap;
    }

    /// <summary>Reads one bitmap from <paramref name="stream"/>, consuming exactly its bytes.</summary>
    /// <exception cref="RoaringFormatException">The bytes are not a valid portable bitmap, or the stream ends early.</exception>
    public static RoaringBitmap Deserialize(Stream stream)
    {
        var reader = new StreamSource(stream);
        return Read(ref reader);
    }

    private bool HasRunContainers()
    {
        for (int index = 0; index < _size; index++)
        {
            if (_containers[index] is RunContainer)
                return true;
        }
        return false;
    }

    private int HeaderSize(bool hasRuns)
    {
        if (!hasRuns)
            return 8 + (8 * _size);
        int flags = (_size + 7) / 8;
        return 4 + flags + (_size >= RoaringConstants.NoOffsetThreshold ? 8 * _size : 4 * _size);
    }

    private int WriteHeader(Span<byte> destination, bool hasRuns)
    {
        int position;
        if (hasRuns)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, RoaringConstants.SerialCookie | ((uint)(_size - 1) << 16));
            position = 4;
            var flags = destination.Slice(position, (_size + 7) / 8);
            flags.Clear();
            for (int index = 0; index < _size; index++)
            {
                if (_containers[index] is RunContainer)
                    flags[index >> 3] |= (byte)(1 << (index & 7));
            }
            position += flags.Length;
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, RoaringConstants.SerialCookieNoRunContainer);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)_size);
            position = 8;
        }
        for (int index = 0; index < _size; index++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[position..], _keys[index]);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(position + 2)..], (ushort)(_containers[index].Cardinality - 1));
            position += 4;
        }
        if (!hasRuns || _size >= RoaringConstants.NoOffsetThreshold)
        {
            int offset = HeaderSize(hasRuns);
            for (int index = 0; index < _size; index++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination[position..], (uint)offset);
                position += 4;
                offset += _containers[index].SerializedSizeInBytes;
            }
        }
        return position;
    }

    private static RoaringBitmap Read<TSource>(ref TSource source)
        where TSource : struct, IByteSource, allows ref struct
    {
        Span<byte> word = stackalloc byte[4];
        source.Read(word, "the cookie");
        uint cookie = BinaryPrimitives.ReadUInt32LittleEndian(word);
        int count;
        byte[]? runFlags = null;
        bool hasRuns = (cookie & 0xFFFF) == RoaringConstants.SerialCookie;
        if (hasRuns)
        {
            count = (int)(cookie >> 16) + 1;
            runFlags = new byte[(count + 7) / 8];
            source.Read(runFlags, "the run flags");
        }
        else if (cookie == RoaringConstants.SerialCookieNoRunContainer)
        {
            source.Read(word, "the container count");
            uint declared = BinaryPrimitives.ReadUInt32LittleEndian(word);
            if (declared > RoaringConstants.ContainerSpan)
                throw new RoaringFormatException($"the container count {declared} exceeds 65536.", source.Position - 4);
            count = (int)declared;
        }
        else
        {
            throw new RoaringFormatException($"unknown cookie 0x{cookie:X8}; expected 12346 or 12347.", 0);
        }

        var descriptive = new byte[4 * count];
        int descriptiveStart = source.Position;
        source.Read(descriptive, "the key and cardinality header");
        if (!hasRuns || count >= RoaringConstants.NoOffsetThreshold)
            source.Skip(4 * count, "the offset header");

        var bitmap = new RoaringBitmap(count);
        int previousKey = -1;
        for (int index = 0; index < count; index++)
        {
            ushort key = BinaryPrimitives.ReadUInt16LittleEndian(descriptive.AsSpan(4 * index));
            int cardinality = BinaryPrimitives.ReadUInt16LittleEndian(descriptive.AsSpan((4 * index) + 2)) + 1;
            if (key <= previousKey)
                throw new RoaringFormatException($"container keys must strictly increase; key {key} follows {previousKey}.", descriptiveStart + (4 * index));
            previousKey = key;
            int start = source.Position;
            Container container;
            if (runFlags is not null && (runFlags[index >> 3] & (1 << (index & 7))) != 0)
                container = ReadRunContainer(ref source, start);
            else if (cardinality > RoaringConstants.ArrayMaxCardinality)
                container = ReadBitmapContainer(ref source, cardinality, start);
            else
                container = ReadArrayContainer(ref source, cardinality, start);
            bitmap.Append(key, container);
        }
        return bitmap;
    }

    // Payloads are read straight into the container's own array (allocated uninitialised: every element is
    // overwritten), so deserialising allocates nothing but the containers.
    private static ArrayContainer ReadArrayContainer<TSource>(ref TSource source, int cardinality, int start)
        where TSource : struct, IByteSource, allows ref struct
    {
        var values = GC.AllocateUninitializedArray<ushort>(cardinality);
        ReadLittleEndian(ref source, values, "an array container");
        int unordered = FirstNotIncreasing(values);
        if (unordered > 0)
            throw new RoaringFormatException($"array values must strictly increase; {values[unordered]} follows {values[unordered - 1]}.", start + (2 * unordered));
        return new ArrayContainer(values, cardinality);
    }

    private static BitmapContainer ReadBitmapContainer<TSource>(ref TSource source, int cardinality, int start)
        where TSource : struct, IByteSource, allows ref struct
    {
        var words = GC.AllocateUninitializedArray<ulong>(RoaringConstants.BitsetWords);
        source.Read(MemoryMarshal.AsBytes(words.AsSpan()), "a bitset container");
        if (!BitConverter.IsLittleEndian)
            BinaryPrimitives.ReverseEndianness(words, words);
        long actual = BitsetKernels.PopCount(words);
        if (actual != cardinality)
            throw new RoaringFormatException($"a bitset container declares {cardinality} values but holds {actual}.", start);
        return new BitmapContainer(words, cardinality);
    }

    private static RunContainer ReadRunContainer<TSource>(ref TSource source, int start)
        where TSource : struct, IByteSource, allows ref struct
    {
        Span<ushort> count = stackalloc ushort[1];
        ReadLittleEndian(ref source, count, "a run container's run count");
        int runs = count[0];
        if (runs == 0)
            throw new RoaringFormatException("a run container has no runs.", start);
        // Canonical runs are separated by gaps, so at most 32768 fit in 65536 values.
        if (runs > RoaringConstants.ContainerSpan / 2)
            throw new RoaringFormatException($"a run container declares {runs} runs; at most 32768 fit.", start);
        var pairs = GC.AllocateUninitializedArray<ushort>(runs * 2);
        ReadLittleEndian(ref source, pairs, "a run container's runs");
        int cardinality = 0;
        int previousEnd = -1;
        for (int run = 0; run < runs; run++)
        {
            int runStart = pairs[run * 2];
            int end = runStart + pairs[(run * 2) + 1] + 1;
            if (end > RoaringConstants.ContainerSpan)
                throw new RoaringFormatException($"run {run} ends past 65535.", start + 2 + (4 * run));
            if (runStart <= previousEnd)
                throw new RoaringFormatException($"run {run} overlaps or touches the run before it.", start + 2 + (4 * run));
            previousEnd = end;
            cardinality += end - runStart;
        }
        // Like CRoaring, trust the runs rather than the header's cardinality field.
        return new RunContainer(pairs, runs, cardinality);
    }

    /// <summary>The first index whose value does not exceed its predecessor's, or 0 when strictly increasing.</summary>
    private static int FirstNotIncreasing(ReadOnlySpan<ushort> values)
    {
        int index = 1;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; index + Vector128<ushort>.Count <= values.Length; index += Vector128<ushort>.Count)
            {
                var current = Vector128.Create(values.Slice(index, Vector128<ushort>.Count));
                var previous = Vector128.Create(values.Slice(index - 1, Vector128<ushort>.Count));
                if (!Vector128.GreaterThanAll(current, previous))
                    break;
            }
        }
        for (; index < values.Length; index++)
        {
            if (values[index] <= values[index - 1])
                return index;
        }
        return 0;
    }

    private static void ReadLittleEndian<TSource>(ref TSource source, scoped Span<ushort> values, string what)
        where TSource : struct, IByteSource, allows ref struct
    {
        source.Read(MemoryMarshal.AsBytes(values), what);
        if (!BitConverter.IsLittleEndian)
            BinaryPrimitives.ReverseEndianness(values, values);
    }

    /// <summary>Where the reader takes its bytes from; every read is exact or throws.</summary>
    private interface IByteSource
    {
        int Position { get; }

        void Read(scoped Span<byte> destination, string what);

        void Skip(int count, string what);
    }

    private ref struct SpanSource(ReadOnlySpan<byte> data) : IByteSource
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; private set; }

        public void Read(scoped Span<byte> destination, string what)
        {
            if (_data.Length - Position < destination.Length)
                throw Truncated(what, Position, destination.Length, _data.Length - Position);
            _data.Slice(Position, destination.Length).CopyTo(destination);
            Position += destination.Length;
        }

        public void Skip(int count, string what)
        {
            if (_data.Length - Position < count)
                throw Truncated(what, Position, count, _data.Length - Position);
            Position += count;
        }
    }

    private struct StreamSource(Stream stream) : IByteSource
    {
        public int Position { get; private set; }

        public void Read(scoped Span<byte> destination, string what)
        {
            int read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            if (read < destination.Length)
                throw Truncated(what, Position, destination.Length, read);
            Position += read;
        }

        public void Skip(int count, string what)
        {
            Span<byte> sink = stackalloc byte[256];
            int remaining = count;
            while (remaining > 0)
            {
                int chunk = Math.Min(remaining, sink.Length);
                Read(sink[..chunk], what);
                remaining -= chunk;
            }
        }
    }

    private static RoaringFormatException Truncated(string what, int position, int needed, int available) =>
        new($"the data ends inside {what} (needed {needed} bytes, {Math.Max(available, 0)} left).", position);
}
