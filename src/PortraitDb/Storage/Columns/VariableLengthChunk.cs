namespace PortraitDb.Storage.Columns;

/// <summary>
/// Values of varying length per row (UTF-8 bytes of TEXT, tag codes of TAGS), stored one after another in a single
/// buffer with each row's start and length. A changed value is appended and its old items become garbage; a copy
/// (made by a later transaction) keeps only the live items, in row order.
/// </summary>
internal abstract class VariableLengthChunk<T> : ColumnChunk
    where T : unmanaged
{
    private T[] _items;
    private int _used;
    private int[] _starts;
    private int[] _lengths;

    /// <summary>Room for <paramref name="capacity"/> rows of about <paramref name="itemsPerRow"/> items each.</summary>
    protected VariableLengthChunk(int capacity, int itemsPerRow)
    {
        _items = new T[Math.Max(capacity * itemsPerRow, 16)];
        _starts = new int[capacity];
        _lengths = new int[capacity];
    }

    /// <summary>The items of row <paramref name="offset"/>.</summary>
    public ReadOnlySpan<T> GetItems(int offset) => _items.AsSpan(_starts[offset], _lengths[offset]);

    /// <summary>Stores the items of row <paramref name="offset"/>.</summary>
    public void SetItems(int offset, ReadOnlySpan<T> items) => items.CopyTo(Reserve(offset, items.Length));

    /// <summary>Makes row <paramref name="offset"/> the next <paramref name="length"/> items and returns them to fill.</summary>
    protected Span<T> Reserve(int offset, int length)
    {
        if (_items.Length - _used < length)
        {
            long grown = Math.Max((long)_items.Length * 2, (long)_used + length);
            if (grown > Array.MaxLength)
                throw new PortraitDbException(PortraitDbErrorKind.NotSupported, "A segment's values of one column exceed the largest array .NET allows.");
            Array.Resize(ref _items, (int)grown);
        }
        _starts[offset] = _used;
        _lengths[offset] = length;
        _used += length;
        return _items.AsSpan(_starts[offset], length);
    }

    /// <summary>An empty chunk of the same kind, for <see cref="Clone"/> to fill.</summary>
    protected abstract VariableLengthChunk<T> CreateEmpty(int capacity, int items);

    public override ColumnChunk Clone(int rows)
    {
        int capacity = Math.Max(rows, _starts.Length);
        long live = 0;
        for (int offset = 0; offset < _starts.Length; offset++)
            live += _lengths[offset];
        var clone = CreateEmpty(capacity, (int)Math.Min(Array.MaxLength, Math.Max(live + (live / 4), 16)));
        for (int offset = 0; offset < _starts.Length; offset++)
        {
            if (_lengths[offset] > 0)
                clone.SetItems(offset, GetItems(offset));
        }
        return clone;
    }

    /// <summary>Rows the chunk has room for.</summary>
    public int RowCapacity => _starts.Length;

    /// <summary>Sizes the buffers of an empty chunk (made by <see cref="CreateEmpty"/> or by a loader).</summary>
    public void Allocate(int capacity, int items)
    {
        _items = new T[items];
        _starts = new int[capacity];
        _lengths = new int[capacity];
        _used = 0;
    }

    public override void EnsureCapacity(int rows)
    {
        if (rows <= _starts.Length)
            return;
        int capacity = GrowCapacity(_starts.Length, rows);
        Array.Resize(ref _starts, capacity);
        Array.Resize(ref _lengths, capacity);
    }

    public override long SizeInBytes =>
        72 + ((long)_items.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) + ((long)_starts.Length * 2 * sizeof(int));
}
