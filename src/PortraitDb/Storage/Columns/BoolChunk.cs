namespace PortraitDb.Storage.Columns;

/// <summary>BOOL values as bits, one per row.</summary>
internal sealed class BoolChunk : ColumnChunk
{
    public ulong[] Bits;

    public BoolChunk(int capacity) => Bits = new ulong[(capacity + 63) / 64];

    public bool Get(int offset) => (Bits[offset >> 6] & (1UL << offset)) != 0;

    public void Set(int offset, bool value)
    {
        if (value)
            Bits[offset >> 6] |= 1UL << offset;
        else
            Bits[offset >> 6] &= ~(1UL << offset);
    }

    public override ColumnChunk Clone(int rows)
    {
        var clone = new BoolChunk(Math.Max(rows, Bits.Length * 64));
        Bits.AsSpan().CopyTo(clone.Bits);
        return clone;
    }

    public override void EnsureCapacity(int rows)
    {
        int words = (rows + 63) / 64;
        if (words > Bits.Length)
            Array.Resize(ref Bits, (GrowCapacity(Bits.Length * 64, rows) + 63) / 64);
    }

    public override long SizeInBytes => 40 + ((long)Bits.Length * sizeof(ulong));
}
