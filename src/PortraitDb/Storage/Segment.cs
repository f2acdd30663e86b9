using PortraitDb.Storage.Columns;

namespace PortraitDb.Storage;

/// <summary>65,536 consecutive row ids of a table: one chunk per column, aligned with container key <c>row >> 16</c> of every bitmap.</summary>
internal sealed class Segment
{
    public ColumnChunk[] Chunks;

    /// <summary>Row ids allocated in this segment (live or deleted).</summary>
    public int RowCount;

    /// <summary>The transaction that may change the chunk list in place.</summary>
    public long Owner;

    public Segment(ColumnChunk[] chunks, int rowCount, long owner)
    {
        Chunks = chunks;
        RowCount = rowCount;
        Owner = owner;
    }
}
