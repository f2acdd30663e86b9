using System.Text;

namespace PortraitDb.Storage.Columns;

/// <summary>TEXT values as UTF-8 bytes.</summary>
internal sealed class TextChunk : VariableLengthChunk<byte>
{
    public TextChunk(int capacity)
        : base(capacity, itemsPerRow: 8)
    {
    }

    public ReadOnlySpan<byte> GetBytes(int offset) => GetItems(offset);

    public string Get(int offset) => Encoding.UTF8.GetString(GetItems(offset));

    public void Set(int offset, string value) =>
        Encoding.UTF8.GetBytes(value, Reserve(offset, Encoding.UTF8.GetByteCount(value)));

    protected override VariableLengthChunk<byte> CreateEmpty(int capacity, int items)
    {
        var chunk = new TextChunk(0);
        chunk.Allocate(capacity, items);
        return chunk;
    }
}
