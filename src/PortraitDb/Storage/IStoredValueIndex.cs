using PortraitDb.Bitmaps;

namespace PortraitDb.Storage;

/// <summary>An indexed column's value bitmaps as stored on disk, read one value at a time.</summary>
internal interface IStoredValueIndex
{
    /// <summary>The number of value codes (two for a BOOL column).</summary>
    int Count { get; }

    /// <summary>Bytes held in memory to read further values (the index blocks once the first value is read).</summary>
    long SizeInBytes { get; }

    /// <summary>Reads the bitmap of value <paramref name="code"/>; safe to call from several threads at once.</summary>
    RoaringBitmap Read(int code);
}
