namespace PortraitDb.Query.Syntax;

/// <summary>A range of characters in the text given to the parser: 0-based start and length.</summary>
/// <param name="Start">Offset of the first character in the whole script text.</param>
/// <param name="Length">Number of characters.</param>
internal readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>The span from <paramref name="start"/>'s start to <paramref name="end"/>'s end.</summary>
    public static TextSpan Covering(TextSpan start, TextSpan end) => new(start.Start, Math.Max(0, end.End - start.Start));

    /// <summary>The span's text in <paramref name="text"/>.</summary>
    public string Slice(string text) => text.Substring(Start, Length);
}
