namespace PortraitDb.Storage;

/// <summary>
/// One value in its storage encoding: integers, decimals (scaled), dates (days since 1970-01-01), timestamps
/// (microseconds since 1970-01-01) and bools (0/1) in <see cref="Integer"/>; doubles in <see cref="Real"/>;
/// TEXT and CATEGORY in <see cref="Text"/>; TAGS in <see cref="Tags"/>.
/// </summary>
internal struct Cell
{
    public bool IsNull;
    public long Integer;
    public double Real;
    public string? Text;
    public string[]? Tags;

    public static Cell Null => new() { IsNull = true };

    public static Cell FromInteger(long value) => new() { Integer = value };

    public static Cell FromReal(double value) => new() { Real = value };

    public static Cell FromText(string value) => new() { Text = value };

    public static Cell FromTags(string[] value) => new() { Tags = value };
}
