namespace PortraitDb.Storage.Columns;

/// <summary>
/// TAGS values: each row's set of dictionary codes, stored contiguously (start and count per row). A changed
/// set is appended; the old codes become garbage that the next copy leaves behind.
/// </summary>
internal sealed class TagsChunk : ColumnChunk
{
    /// <summary>A row holds at most this many tags.</summary>
    public const int MaxTagsPerRow = byte.MaxValue;

    private int[] _codes;
    private int _used;
    private int[] _starts;
    private byte[] _counts;

    public TagsChunk(int capacity)
    {
        _codes = new int[capacity * 2];
        _starts = new int[capacity];
        _counts = new byte[capacity];
    }

    public ReadOnlySpan<int> Get(int offset) => _codes.AsSpan(_starts[offset], _counts[offset]);

    /// <summary>Stores a row's codes, which the caller has made distinct.</summary>
    public void Set(int offset, ReadOnlySpan<int> codes)
    {
        if (_codes.Length - _used < codes.Length)
            Array.Resize(ref _codes, Math.Max(_codes.Length * 2, _used + codes.Length));
        codes.CopyTo(_codes.AsSpan(_used));
        _starts[offset] = _used;
        _counts[offset] = (byte)codes.Length;
        _used += codes.Length;
    }

    public override ColumnChunk Clone(int rows)
    {
        int capacity = Math.Max(rows, _starts.Length);
        var clone = new TagsChunk(0)
        {
            _starts = new int[capacity],
            _counts = new byte[capacity],
        };
        int live = 0;
        foreach (byte count in _counts)
            live += count;
        clone._codes = new int[Math.Max(live + (live / 4), 16)];
        for (int offset = 0; offset < _starts.Length; offset++)
        {
            if (_counts[offset] > 0)
                clone.Set(offset, Get(offset));
        }
        return clone;
    }

    public override void EnsureCapacity(int rows)
    {
        if (rows <= _starts.Length)
            return;
        int capacity = GrowCapacity(_starts.Length, rows);
        Array.Resize(ref _starts, capacity);
        Array.Resize(ref _counts, capacity);
    }

    public override long SizeInBytes => 72 + ((long)_codes.Length * sizeof(int)) + ((long)_starts.Length * (sizeof(int) + 1));
}
