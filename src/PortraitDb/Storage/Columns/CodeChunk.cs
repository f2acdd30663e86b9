namespace PortraitDb.Storage.Columns;

/// <summary>
/// Dictionary codes of a CATEGORY column. Codes take 8 bits while the dictionary has at most 256 values,
/// then 16, then 32: the chunk widens itself when a larger code arrives.
/// </summary>
internal sealed class CodeChunk : ColumnChunk
{
    private byte[]? _codes8;
    private ushort[]? _codes16;
    private int[]? _codes32;
    private int _capacity;

    public CodeChunk(int capacity)
    {
        _codes8 = new byte[capacity];
        _capacity = capacity;
    }

    /// <summary>A chunk over codes read from a file: exactly one of the arrays is given.</summary>
    public static CodeChunk FromCodes(byte[]? codes8, ushort[]? codes16, int[]? codes32)
    {
        int capacity = codes8?.Length ?? codes16?.Length ?? codes32!.Length;
        return new CodeChunk(0) { _codes8 = codes8, _codes16 = codes16, _codes32 = codes32, _capacity = capacity };
    }

    /// <summary>Rows the chunk has room for.</summary>
    public int Capacity => _capacity;

    /// <summary>Bits per code: 8, 16 or 32.</summary>
    public int Width => _codes8 is not null ? 8 : _codes16 is not null ? 16 : 32;

    public int Get(int offset) => _codes8 is not null ? _codes8[offset] : _codes16 is not null ? _codes16[offset] : _codes32![offset];

    public void Set(int offset, int code)
    {
        if (_codes8 is not null)
        {
            if (code <= byte.MaxValue)
            {
                _codes8[offset] = (byte)code;
                return;
            }
            Widen(code);
        }
        if (_codes16 is not null)
        {
            if (code <= ushort.MaxValue)
            {
                _codes16[offset] = (ushort)code;
                return;
            }
            Widen(code);
        }
        _codes32![offset] = code;
    }

    /// <summary>Stores <paramref name="code"/> at every offset of <paramref name="rows"/> (widening first if it needs more bits).</summary>
    public void Fill(Bitmaps.Internal.Container rows, int code)
    {
        Set(rows.Min, code);
        if (_codes8 is not null)
            ContainerFill.Fill(_codes8.AsSpan(), rows, (byte)code);
        else if (_codes16 is not null)
            ContainerFill.Fill(_codes16.AsSpan(), rows, (ushort)code);
        else
            ContainerFill.Fill(_codes32.AsSpan(), rows, code);
    }

    /// <summary>The 8-bit codes, when the chunk is that narrow (the fast path for histograms).</summary>
    public ReadOnlySpan<byte> Codes8 => _codes8;

    public ReadOnlySpan<ushort> Codes16 => _codes16;

    public ReadOnlySpan<int> Codes32 => _codes32;

    private void Widen(int code)
    {
        if (code > ushort.MaxValue || _codes16 is not null)
        {
            var wide = new int[_capacity];
            for (int index = 0; index < _capacity; index++)
                wide[index] = Get(index);
            _codes8 = null;
            _codes16 = null;
            _codes32 = wide;
            return;
        }
        var codes = new ushort[_capacity];
        for (int index = 0; index < _capacity; index++)
            codes[index] = _codes8![index];
        _codes8 = null;
        _codes16 = codes;
    }

    public override ColumnChunk Clone(int rows)
    {
        int capacity = Math.Max(rows, _capacity);
        var clone = new CodeChunk(0) { _codes8 = null, _capacity = capacity };
        if (_codes8 is not null)
        {
            clone._codes8 = new byte[capacity];
            _codes8.AsSpan().CopyTo(clone._codes8);
        }
        else if (_codes16 is not null)
        {
            clone._codes16 = new ushort[capacity];
            _codes16.AsSpan().CopyTo(clone._codes16);
        }
        else
        {
            clone._codes32 = new int[capacity];
            _codes32.AsSpan().CopyTo(clone._codes32);
        }
        return clone;
    }

    public override void EnsureCapacity(int rows)
    {
        if (rows <= _capacity)
            return;
        _capacity = GrowCapacity(_capacity, rows);
        if (_codes8 is not null)
            Array.Resize(ref _codes8, _capacity);
        else if (_codes16 is not null)
            Array.Resize(ref _codes16, _capacity);
        else
            Array.Resize(ref _codes32, _capacity);
    }

    public override long SizeInBytes => 48 + ((long)_capacity * Width / 8);
}
