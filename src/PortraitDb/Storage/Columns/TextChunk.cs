using System.Text;

namespace PortraitDb.Storage.Columns;

/// <summary>
/// TEXT values as UTF-8 bytes in one buffer, with each row's start and length. A changed value is appended
/// and the old bytes become garbage, which the next copy (a later transaction) leaves behind.
/// </summary>
internal sealed class TextChunk : ColumnChunk
{
    private byte[] _bytes;
    private int _used;
    private int[] _starts;
    private int[] _lengths;

    public TextChunk(int capacity)
    {
        _bytes = new byte[capacity * 8];
        _starts = new int[capacity];
        _lengths = new int[capacity];
    }

    public ReadOnlySpan<byte> GetBytes(int offset) => _bytes.AsSpan(_starts[offset], _lengths[offset]);

    public string Get(int offset) => Encoding.UTF8.GetString(GetBytes(offset));

    public void Set(int offset, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        Reserve(length);
        Encoding.UTF8.GetBytes(value, _bytes.AsSpan(_used));
        _starts[offset] = _used;
        _lengths[offset] = length;
        _used += length;
    }

    public void Set(int offset, ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(_bytes.AsSpan(_used));
        _starts[offset] = _used;
        _lengths[offset] = utf8.Length;
        _used += utf8.Length;
    }

    private void Reserve(int length)
    {
        if (_bytes.Length - _used >= length)
            return;
        long grown = Math.Max((long)_bytes.Length * 2, (long)_used + length);
        if (grown > Array.MaxLength)
            throw new PortraitDbException(PortraitDbErrorKind.NotSupported, "A segment's TEXT values exceed 2 GiB.");
        Array.Resize(ref _bytes, (int)grown);
    }

    public override ColumnChunk Clone(int rows)
    {
        int capacity = Math.Max(rows, _starts.Length);
        var clone = new TextChunk(0)
        {
            _starts = new int[capacity],
            _lengths = new int[capacity],
        };
        // Copy only the live bytes of each row, in row order: the copy drops garbage from earlier changes.
        long live = 0;
        for (int offset = 0; offset < _starts.Length; offset++)
            live += _lengths[offset];
        clone._bytes = new byte[Math.Max(live + (live / 4), 64)];
        for (int offset = 0; offset < _starts.Length; offset++)
        {
            if (_lengths[offset] > 0)
                clone.Set(offset, GetBytes(offset));
        }
        return clone;
    }

    public override void EnsureCapacity(int rows)
    {
        if (rows <= _starts.Length)
            return;
        int capacity = GrowCapacity(_starts.Length, rows);
        Array.Resize(ref _starts, capacity);
        Array.Resize(ref _lengths, capacity);
    }

    public override long SizeInBytes => 72 + _bytes.Length + ((long)_starts.Length * 2 * sizeof(int));
}
