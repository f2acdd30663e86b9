using System.Buffers.Binary;
using System.Text;

namespace PortraitDb.Persistence;

/// <summary>
/// Reads what <see cref="ByteWriter"/> wrote, checking every length against the bytes that remain, so a damaged
/// block gives a <see cref="PortraitDbErrorKind.Corruption"/> error naming the file instead of an out-of-range
/// read or a huge allocation.
/// </summary>
internal ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _source;
    private int _position;

    /// <param name="data">The bytes to read.</param>
    /// <param name="source">What they are, for error messages (a file name and block).</param>
    public ByteReader(ReadOnlySpan<byte> data, string source)
    {
        _data = data;
        _source = source;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool AtEnd => _position == _data.Length;

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
            throw Corrupt($"needs {count} bytes at offset {_position}, {Remaining} remain");
        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    public byte ReadByte() => ReadBytes(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(8));

    public ulong ReadVarUInt()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte next = ReadByte();
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
                return value;
        }
        throw Corrupt($"a varint longer than 10 bytes at offset {_position}");
    }

    public long ReadVarInt()
    {
        ulong zigzag = ReadVarUInt();
        return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
    }

    /// <summary>A count that must lie in [0, <paramref name="max"/>]: what bounds every allocation a file can ask for.</summary>
    public int ReadCount(long max, string what)
    {
        ulong count = ReadVarUInt();
        if (count > (ulong)max)
            throw Corrupt($"{what} is {count}, more than the {max} possible");
        return (int)count;
    }

    public string ReadString()
    {
        int count = ReadCount(Remaining, "a string's length");
        return Encoding.UTF8.GetString(ReadBytes(count));
    }

    public readonly PortraitDbException Corrupt(string problem) => CorruptionError(_source, problem);

    public static PortraitDbException CorruptionError(string source, string problem) =>
        new(PortraitDbErrorKind.Corruption, $"The database file {source} is damaged: {problem}.");
}
