using PortraitDb.Bitmaps;

namespace PortraitDb.Storage;

/// <summary>
/// Computes a table's derived columns (tags) from their definitions. Storage calls it when a writer publishes, for
/// the rows that writer inserted or changed; the query engine implements it, since a definition is SQL.
/// </summary>
internal interface IDerivedColumns
{
    /// <summary>
    /// Writes every derived column of <paramref name="data"/> (a writing copy) for the live rows among
    /// <paramref name="rows"/>, through <see cref="TableData.SetValues"/>.
    /// </summary>
    /// <exception cref="PortraitDbException">A definition cannot be computed for one of the rows.</exception>
    void Recompute(Table table, TableData data, RoaringBitmap rows);
}
