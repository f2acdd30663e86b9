using PortraitDb.Bitmaps;
using PortraitDb.Storage;

namespace PortraitDb.Persistence;

/// <summary>
/// One column's value bitmaps in a table's segment files. The first read takes every segment's index block (in
/// parallel) and sorts the blocks' entries by value; each bitmap is then decoded on its own, its containers in key
/// order one after another, so that a cold AND streams through each input (docs/storage.md).
/// </summary>
internal sealed class StoredValueIndex(SegmentFile[] files, int column, int count) : IStoredValueIndex
{
    private readonly Lock _reading = new();
    private Layout? _layout;

    public int Count => count;

    public long SizeInBytes
    {
        get
        {
            long total = 0;
            foreach (var block in Volatile.Read(ref _layout)?.Blocks ?? [])
                total += block.Bytes.Length + (16L * block.Entries.Length);
            return total;
        }
    }

    public RoaringBitmap Read(int code)
    {
        var layout = GetLayout();
        var bitmap = new RoaringBitmap();
        foreach (var (segment, entry) in layout.Holders.AsSpan(layout.Starts[code], layout.Starts[code + 1] - layout.Starts[code]))
        {
            var block = layout.Blocks[segment];
            bitmap.Append((ushort)segment, files[segment].ReadIndexContainer(block, block.Entries[entry]).InDenseIndexForm());
        }
        return bitmap;
    }

    private Layout GetLayout()
    {
        lock (_reading)
            return _layout ??= ReadLayout();
    }

    private Layout ReadLayout()
    {
        var blocks = new SegmentFile.IndexBlock[files.Length];
        try
        {
            Parallel.For(0, files.Length, segment => blocks[segment] = files[segment].ReadIndex(column));
        }
        catch (AggregateException error) when (Internal.ParallelErrors.HasEngineError(error))
        {
            throw Internal.ParallelErrors.Rethrow(error);
        }
        // A counting sort of the entries by value: Holders[Starts[code]..Starts[code + 1]] are (segment, entry) in
        // segment order.
        var starts = new int[count + 1];
        foreach (var block in blocks)
        {
            foreach (var entry in block.Entries)
                starts[entry.Code + 1]++;
        }
        for (int code = 0; code < count; code++)
            starts[code + 1] += starts[code];
        var holders = new (int Segment, int Entry)[starts[count]];
        var next = (int[])starts.Clone();
        for (int segment = 0; segment < blocks.Length; segment++)
        {
            var entries = blocks[segment].Entries;
            for (int entry = 0; entry < entries.Length; entry++)
                holders[next[entries[entry].Code]++] = (segment, entry);
        }
        return new Layout(blocks, starts, holders);
    }

    private sealed record Layout(SegmentFile.IndexBlock[] Blocks, int[] Starts, (int Segment, int Entry)[] Holders);
}
