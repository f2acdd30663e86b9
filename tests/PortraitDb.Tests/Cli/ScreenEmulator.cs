using System.Text;
using System.Text.RegularExpressions;
using PortraitDb.Cli.Editing;

namespace PortraitDb.Tests.Cli;

/// <summary>
/// A small xterm model: printable characters (two cells for wide ones) with auto-wrap and the pending-wrap state
/// at the right edge, CR, LF, and the control sequences the line editor uses (cursor up/down/forward, erase
/// below, clear screen, home). Lets tests check what a user would see, and where the cursor is.
/// </summary>
internal sealed partial class ScreenEmulator(int width)
{
    private const char WideFiller = '\0';
    private readonly List<char[]> _rows = [];

    public int Row { get; private set; }

    /// <summary>The cursor column; equal to the width in the pending-wrap state.</summary>
    public int Column { get; private set; }

    public void Write(string text)
    {
        int index = 0;
        while (index < text.Length)
        {
            var escape = EscapePattern().Match(text, index);
            if (escape.Success && escape.Index == index)
            {
                Control(escape.Groups["count"].Value, escape.Groups["code"].Value);
                index += escape.Length;
                continue;
            }
            var rune = Rune.GetRuneAt(text, index);
            index += rune.Utf16SequenceLength;
            switch (rune.Value)
            {
                case '\r':
                    Column = 0;
                    break;
                case '\n':
                    Row++;
                    Column = Math.Min(Column, width - 1);
                    break;
                case '\a':
                    break;
                default:
                    Print(rune);
                    break;
            }
        }
    }

    /// <summary>The screen's lines, without trailing blanks.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var lines = _rows.Select(row => new string([.. row.Where(cell => cell != WideFiller)]).TrimEnd()).ToList();
            while (lines.Count > 0 && lines[^1].Length == 0)
                lines.RemoveAt(lines.Count - 1);
            return lines;
        }
    }

    public override string ToString() => string.Join("\n", Lines);

    private void Print(Rune rune)
    {
        int cells = DisplayWidth.Of(rune);
        if (cells == 0)
            return;
        if (Column + cells > width)
        {
            Row++;
            Column = 0;
        }
        var row = RowAt(Row);
        string text = rune.ToString();
        row[Column] = text[0];
        if (cells == 2)
            row[Column + 1] = WideFiller;
        if (text.Length == 2)
            throw new NotSupportedException("The emulator holds BMP characters only.");
        Column += cells;
    }

    private void Control(string countText, string code)
    {
        int count = countText.Length == 0 ? 1 : int.Parse(countText, System.Globalization.CultureInfo.InvariantCulture);
        switch (code)
        {
            case "A":
                Row = Math.Max(0, Row - count);
                Column = Math.Min(Column, width - 1);
                break;
            case "B":
                Row += count;
                Column = Math.Min(Column, width - 1);
                break;
            case "C":
                Column = Math.Min(Math.Min(Column, width - 1) + count, width - 1);
                break;
            case "J" when countText == "2":
                _rows.Clear();
                break;
            case "J":
                var current = RowAt(Row);
                Array.Fill(current, ' ', Math.Min(Column, width), width - Math.Min(Column, width));
                if (_rows.Count > Row + 1)
                    _rows.RemoveRange(Row + 1, _rows.Count - Row - 1);
                break;
            case "K":
                Array.Fill(RowAt(Row), ' ', Math.Min(Column, width), width - Math.Min(Column, width));
                break;
            case "H":
                Row = 0;
                Column = 0;
                break;
            default:
                throw new NotSupportedException($"control sequence ESC[{countText}{code}");
        }
    }

    private char[] RowAt(int row)
    {
        while (_rows.Count <= row)
        {
            var blank = new char[width];
            Array.Fill(blank, ' ');
            _rows.Add(blank);
        }
        return _rows[row];
    }

    [GeneratedRegex(@"\x1b\[(?<count>\d*)(?<code>[A-Za-z])")]
    private static partial Regex EscapePattern();
}
