using PortraitDb.Persistence;
using PortraitDb.Storage.Columns;

namespace PortraitDb.Storage;

/// <summary>
/// 65,536 consecutive row ids of a table: one chunk per column, aligned with container key <c>row >> 16</c> of every
/// bitmap. A segment opened from disk reads a column's chunk from its file the first time a query asks for it.
/// </summary>
internal sealed class Segment
{
    private ColumnChunk?[] _chunks;

    /// <summary>Row ids allocated in this segment (live or deleted).</summary>
    public int RowCount;

    /// <summary>The transaction that may change the chunk list in place.</summary>
    public long Owner;

    /// <summary>The file that holds the chunks not loaded yet (null entries of the chunk list), if any.</summary>
    public readonly SegmentFile? Source;

    public Segment(ColumnChunk?[] chunks, int rowCount, long owner, SegmentFile? source = null)
    {
        _chunks = chunks;
        RowCount = rowCount;
        Owner = owner;
        Source = source;
    }

    public int ColumnCount => _chunks.Length;

    /// <summary>The chunk of <paramref name="column"/>, read from the segment's file on first use.</summary>
    public ColumnChunk Chunk(int column) => Volatile.Read(ref _chunks[column]) ?? Load(column);

    /// <summary>True when the chunk of <paramref name="column"/> is in memory (not only in the segment's file).</summary>
    public bool IsLoaded(int column) => Volatile.Read(ref _chunks[column]) is not null;

    /// <summary>Replaces a chunk; only on a segment the caller's transaction owns.</summary>
    public void SetChunk(int column, ColumnChunk chunk) => _chunks[column] = chunk;

    /// <summary>
    /// Replaces the chunk list by <paramref name="change"/> of every chunk (all read from the file first, since a
    /// changed list no longer matches the file's columns); only on a segment the caller's transaction owns.
    /// </summary>
    public void ChangeColumns(Func<ColumnChunk?[], ColumnChunk?[]> change)
    {
        for (int column = 0; column < _chunks.Length; column++)
            Chunk(column);
        _chunks = change(_chunks);
    }

    /// <summary>A copy of the chunk list for <paramref name="owner"/> to change; chunks not loaded stay in the file.</summary>
    public Segment CopyForWrite(long owner) => new((ColumnChunk?[])_chunks.Clone(), RowCount, owner, Source);

    /// <summary>Bytes of the chunks in memory (chunks still in the file take none).</summary>
    public long LoadedSizeInBytes
    {
        get
        {
            long total = 0;
            foreach (var chunk in _chunks)
                total += chunk?.SizeInBytes ?? 0;
            return total;
        }
    }

    private ColumnChunk Load(int column)
    {
        var chunk = Source?.ReadChunk(column, RowCount)
            ?? throw new PortraitDbException(PortraitDbErrorKind.Internal, $"Segment chunk {column} is neither in memory nor in a file.");
        // Readers may race to load the same chunk: the first one in wins and the others use it.
        return Interlocked.CompareExchange(ref _chunks[column], chunk, null) ?? chunk;
    }
}
