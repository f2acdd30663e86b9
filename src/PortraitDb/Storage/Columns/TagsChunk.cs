namespace PortraitDb.Storage.Columns;

/// <summary>TAGS values: each row's set of dictionary codes.</summary>
internal sealed class TagsChunk : VariableLengthChunk<int>
{
    /// <summary>A row holds at most this many tags.</summary>
    public const int MaxTagsPerRow = byte.MaxValue;

    public TagsChunk(int capacity)
        : base(capacity, itemsPerRow: 2)
    {
    }

    public ReadOnlySpan<int> Get(int offset) => GetItems(offset);

    /// <summary>Stores a row's codes, which the caller has made distinct.</summary>
    public void Set(int offset, ReadOnlySpan<int> codes) => SetItems(offset, codes);

    protected override VariableLengthChunk<int> CreateEmpty(int capacity, int items)
    {
        var chunk = new TagsChunk(0);
        chunk.Allocate(capacity, items);
        return chunk;
    }
}
