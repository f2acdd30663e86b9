using System.Globalization;
using System.Text;

namespace PortraitDb.Cli.Editing;

/// <summary>How many terminal columns text takes: 2 for East Asian wide characters (汉字, fullwidth forms), 0 for combining marks.</summary>
internal static class DisplayWidth
{
    /// <summary>The columns <paramref name="text"/> occupies.</summary>
    public static int Of(string text)
    {
        int width = 0;
        foreach (var rune in text.EnumerateRunes())
            width += Of(rune);
        return width;
    }

    /// <summary>The columns one character occupies.</summary>
    public static int Of(Rune rune)
    {
        int value = rune.Value;
        if (value < 0x300)
            return value < 0x20 ? 0 : 1;
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            return 0;
        return IsWide(value) ? 2 : 1;
    }

    private static bool IsWide(int value) =>
        value is >= 0x1100 and <= 0x115F // Hangul Jamo
        or >= 0x2E80 and <= 0x303E // CJK radicals, punctuation
        or >= 0x3041 and <= 0x33FF // kana, CJK symbols
        or >= 0x3400 and <= 0x4DBF // CJK extension A
        or >= 0x4E00 and <= 0x9FFF // CJK unified ideographs
        or >= 0xA000 and <= 0xA4CF // Yi
        or >= 0xAC00 and <= 0xD7A3 // Hangul syllables
        or >= 0xF900 and <= 0xFAFF // CJK compatibility ideographs
        or >= 0xFE30 and <= 0xFE4F // CJK compatibility forms
        or >= 0xFF00 and <= 0xFF60 // fullwidth forms
        or >= 0xFFE0 and <= 0xFFE6
        or >= 0x1F300 and <= 0x1F64F // emoji
        or >= 0x1F900 and <= 0x1F9FF
        or >= 0x20000 and <= 0x3FFFD; // CJK extensions B and later
}
