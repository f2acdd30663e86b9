using PortraitDb.Bitmaps.Internal;

namespace PortraitDb.Storage.Columns;

/// <summary>
/// One column's values for one segment (up to 65,536 rows). NULLs are not stored here: they live in the
/// column's null bitmap, whose container for this segment is the chunk's validity. Chunks grow with their
/// segment and are copied before a later transaction changes them (see <see cref="Owner"/>).
/// </summary>
internal abstract class ColumnChunk
{
    /// <summary>Rows a segment holds: one roaring container's span.</summary>
    public const int SegmentRows = RoaringConstants.ContainerSpan;

    /// <summary>The transaction that may change this chunk in place (0: none; published chunks are shared).</summary>
    public long Owner;

    /// <summary>A private copy with room for at least <paramref name="rows"/> rows.</summary>
    public abstract ColumnChunk Clone(int rows);

    /// <summary>Makes room for <paramref name="rows"/> rows (at most <see cref="SegmentRows"/>).</summary>
    public abstract void EnsureCapacity(int rows);

    /// <summary>Bytes this chunk occupies in memory.</summary>
    public abstract long SizeInBytes { get; }

    /// <summary>The capacity to grow to: doubling, at least 1024 rows, at most a segment.</summary>
    protected static int GrowCapacity(int current, int needed) =>
        Math.Min(SegmentRows, Math.Max(needed, Math.Max(1024, current * 2)));
}
