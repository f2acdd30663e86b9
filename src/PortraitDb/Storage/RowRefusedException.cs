namespace PortraitDb.Storage;

/// <summary>A table refused a row because of one column's value (a NULL or duplicate key, too many tags).</summary>
internal sealed class RowRefusedException(PortraitDbErrorKind kind, int column, string message)
    : PortraitDbException(kind, message)
{
    /// <summary>The position of the column whose value was refused.</summary>
    public int Column { get; } = column;
}
