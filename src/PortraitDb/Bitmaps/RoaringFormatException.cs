namespace PortraitDb.Bitmaps;

/// <summary>
/// Bytes that are not a valid portable Roaring bitmap: a bad cookie, a truncated stream, or containers that
/// break the format's rules. Reading never fails any other way.
/// </summary>
public sealed class RoaringFormatException : FormatException
{
    /// <summary>Creates the error for a problem found at <paramref name="offset"/> bytes into the input.</summary>
    public RoaringFormatException(string message, long offset)
        : base($"Invalid Roaring bitmap at byte {offset}: {message}")
    {
        Offset = offset;
    }

    /// <summary>The byte position in the input where the problem was found.</summary>
    public long Offset { get; }
}
