using System.Text;
using PortraitDb.Cli.Terminal;

namespace PortraitDb.Cli.Editing;

/// <summary>How a line of input ended.</summary>
internal enum LineStatus
{
    /// <summary>Enter: the line is in <see cref="LineResult.Text"/>.</summary>
    Line,

    /// <summary>Ctrl-C: the line was dropped.</summary>
    Interrupted,

    /// <summary>Ctrl-D on an empty line, or the input ended.</summary>
    EndOfInput,
}

/// <summary>A line read by <see cref="LineEditor.ReadLine"/>.</summary>
/// <param name="Status">How the line ended.</param>
/// <param name="Text">The line, for <see cref="LineStatus.Line"/>; empty otherwise.</param>
internal readonly record struct LineResult(LineStatus Status, string Text);

/// <summary>
/// A line editor over <see cref="ITerminal"/>: insert anywhere, Left/Right (Ctrl-B/F), Ctrl-Left/Right or
/// Alt-B/F by word, Home/End (Ctrl-A/E), Backspace/Delete, Ctrl-W (word back), Ctrl-U/Ctrl-K (to start/end),
/// Up/Down (Ctrl-P/N) through the history, Tab completion (the common part at once, the candidates listed under
/// the line when they differ), Ctrl-L clears the screen, Ctrl-C drops the line, Ctrl-D on an empty line ends
/// the input. The line is redrawn with ANSI cursor moves, wrapping at the terminal width, with CJK characters
/// taking two columns.
/// </summary>
internal sealed class LineEditor(KeyReader keys, History history, ICompleter? completer = null)
{
    private const int MaxListedCandidates = 200;
    private const string ClearToEndOfScreen = "\x1b[J";

    private readonly ITerminal _terminal = keys.Terminal;
    private readonly StringBuilder _line = new();
    private string _prompt = "";
    private int _cursor;
    private int _cursorRow;
    private int _historyIndex;
    private string _draft = "";

    /// <summary>The history Up and Down walk through.</summary>
    public History History => history;

    /// <summary>Shows <paramref name="prompt"/> and reads one line.</summary>
    public LineResult ReadLine(string prompt)
    {
        _prompt = prompt;
        _line.Clear();
        _cursor = 0;
        _cursorRow = 0;
        _historyIndex = history.Entries.Count;
        _draft = "";
        _terminal.Write(prompt);
        while (true)
        {
            var key = keys.ReadKey();
            if (Keys.IsControlC(key))
            {
                MoveToEnd();
                _terminal.Write("^C\r\n");
                return new LineResult(LineStatus.Interrupted, "");
            }
            if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
            {
                MoveToEnd();
                _terminal.Write("\r\n");
                return new LineResult(LineStatus.Line, _line.ToString());
            }
            if (Keys.IsControl(key, ConsoleKey.D))
            {
                if (_line.Length == 0)
                {
                    _terminal.Write("\r\n");
                    return new LineResult(LineStatus.EndOfInput, "");
                }
                DeleteForward();
                continue;
            }
            Handle(key);
        }
    }

    private void Handle(ConsoleKeyInfo key)
    {
        bool control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        bool alt = (key.Modifiers & ConsoleModifiers.Alt) != 0;
        switch (key.Key)
        {
            case ConsoleKey.Tab:
                Complete();
                return;
            case ConsoleKey.Backspace:
                DeleteBackward();
                return;
            case ConsoleKey.Delete:
                DeleteForward();
                return;
            case ConsoleKey.LeftArrow:
                MoveTo(control || alt ? WordStartBefore(_cursor) : PreviousBoundary(_cursor));
                return;
            case ConsoleKey.RightArrow:
                MoveTo(control || alt ? WordEndAfter(_cursor) : NextBoundary(_cursor));
                return;
            case ConsoleKey.Home:
                MoveTo(0);
                return;
            case ConsoleKey.End:
                MoveTo(_line.Length);
                return;
            case ConsoleKey.UpArrow:
                HistoryPrevious();
                return;
            case ConsoleKey.DownArrow:
                HistoryNext();
                return;
            case ConsoleKey.Escape:
                return;
        }
        if (alt && key.Key == ConsoleKey.B)
            MoveTo(WordStartBefore(_cursor));
        else if (alt && key.Key == ConsoleKey.F)
            MoveTo(WordEndAfter(_cursor));
        else if (Keys.IsControl(key, ConsoleKey.A))
            MoveTo(0);
        else if (Keys.IsControl(key, ConsoleKey.E))
            MoveTo(_line.Length);
        else if (Keys.IsControl(key, ConsoleKey.B))
            MoveTo(PreviousBoundary(_cursor));
        else if (Keys.IsControl(key, ConsoleKey.F))
            MoveTo(NextBoundary(_cursor));
        else if (Keys.IsControl(key, ConsoleKey.P))
            HistoryPrevious();
        else if (Keys.IsControl(key, ConsoleKey.N))
            HistoryNext();
        else if (Keys.IsControl(key, ConsoleKey.H) || key.KeyChar == '\x7f')
            DeleteBackward();
        else if (Keys.IsControl(key, ConsoleKey.K))
            Replace(_cursor, _line.Length, "");
        else if (Keys.IsControl(key, ConsoleKey.U))
            Replace(0, _cursor, "");
        else if (Keys.IsControl(key, ConsoleKey.W))
            Replace(SpaceDelimitedWordStart(_cursor), _cursor, "");
        else if (Keys.IsControl(key, ConsoleKey.L))
            ClearScreen();
        else if (key.KeyChar >= ' ' && !control && !alt)
            Insert(key.KeyChar);
    }

    private void Insert(char character)
    {
        bool atEnd = _cursor == _line.Length;
        _line.Insert(_cursor, character);
        _cursor++;
        if (char.IsHighSurrogate(character))
            return; // drawn with its low surrogate
        if (atEnd && !char.IsLowSurrogate(character))
        {
            // Typing at the end of the line: print the character unless it reaches the edge of the screen.
            var (_, column) = Position(_cursor - 1);
            if (column + DisplayWidth.Of(new Rune(character)) < Width)
            {
                _terminal.Write(character.ToString());
                return;
            }
        }
        Render();
    }

    private void DeleteBackward()
    {
        if (_cursor > 0)
            Replace(PreviousBoundary(_cursor), _cursor, "");
    }

    private void DeleteForward()
    {
        if (_cursor < _line.Length)
            Replace(_cursor, NextBoundary(_cursor), "");
    }

    private void Replace(int start, int end, string text)
    {
        _line.Remove(start, end - start).Insert(start, text);
        _cursor = start + text.Length;
        Render();
    }

    private void SetLine(string text)
    {
        _line.Clear().Append(text);
        _cursor = _line.Length;
        Render();
    }

    private void MoveTo(int position)
    {
        if (position == _cursor)
            return;
        _cursor = position;
        Render();
    }

    private void MoveToEnd()
    {
        if (_cursor != _line.Length)
            MoveTo(_line.Length);
    }

    private void HistoryPrevious()
    {
        if (_historyIndex == 0)
            return;
        if (_historyIndex == history.Entries.Count)
            _draft = _line.ToString();
        _historyIndex--;
        SetLine(history.Entries[_historyIndex]);
    }

    private void HistoryNext()
    {
        if (_historyIndex >= history.Entries.Count)
            return;
        _historyIndex++;
        SetLine(_historyIndex == history.Entries.Count ? _draft : history.Entries[_historyIndex]);
    }

    private void Complete()
    {
        if (completer is null)
            return;
        string line = _line.ToString();
        var completion = completer.Complete(line, _cursor);
        var candidates = completion.Candidates;
        if (candidates.Count == 0)
            return;
        int start = Math.Clamp(completion.Start, 0, _cursor);
        if (candidates.Count == 1)
        {
            string after = line[_cursor..];
            string suffix = completion.Suffix.Length > 0 && after.StartsWith(completion.Suffix, StringComparison.Ordinal) ? "" : completion.Suffix;
            Replace(start, _cursor, candidates[0] + suffix);
            if (suffix.Length == 0 && completion.Suffix.Length > 0)
                MoveTo(_cursor + completion.Suffix.Length);
            return;
        }
        string common = CommonPrefix(candidates);
        if (common.Length > _cursor - start)
        {
            Replace(start, _cursor, common);
            return;
        }
        ListCandidates(candidates);
    }

    private static string CommonPrefix(IReadOnlyList<string> candidates)
    {
        string first = candidates[0];
        int length = first.Length;
        foreach (string candidate in candidates)
        {
            int same = 0;
            while (same < length && same < candidate.Length && char.ToUpperInvariant(candidate[same]) == char.ToUpperInvariant(first[same]))
                same++;
            length = same;
        }
        if (length > 0 && length < first.Length && char.IsHighSurrogate(first[length - 1]))
            length--;
        return first[..length];
    }

    private void ListCandidates(IReadOnlyList<string> candidates)
    {
        int cursor = _cursor;
        MoveToEnd();
        var shown = candidates.Take(MaxListedCandidates).ToList();
        int cellWidth = shown.Max(DisplayWidth.Of) + 2;
        int columns = Math.Max(1, Width / cellWidth);
        int rows = (shown.Count + columns - 1) / columns;
        var list = new StringBuilder("\r\n");
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                int index = column * rows + row;
                if (index >= shown.Count)
                    break;
                string candidate = shown[index];
                list.Append(candidate);
                if (column < columns - 1 && index + rows < shown.Count)
                    list.Append(' ', cellWidth - DisplayWidth.Of(candidate));
            }
            list.Append("\r\n");
        }
        if (candidates.Count > shown.Count)
            list.Append($"… and {candidates.Count - shown.Count:N0} more\r\n");
        _terminal.Write(list.ToString());
        _cursorRow = 0;
        _cursor = cursor;
        Render();
    }

    private void ClearScreen()
    {
        _terminal.Write("\x1b[2J\x1b[H");
        _cursorRow = 0;
        Render();
    }

    /// <summary>Redraws prompt and line from the prompt's first row and puts the cursor in place.</summary>
    private void Render()
    {
        var output = new StringBuilder();
        if (_cursorRow > 0)
            output.Append($"\x1b[{_cursorRow}A");
        output.Append('\r').Append(ClearToEndOfScreen).Append(_prompt).Append(_line);
        var end = Position(_line.Length);
        if (end.Column == 0 && end.Row > 0)
            output.Append("\r\n"); // the text ends at the right edge: leave the terminal's pending wrap
        var cursor = Position(_cursor);
        if (end.Row > cursor.Row)
            output.Append($"\x1b[{end.Row - cursor.Row}A");
        output.Append('\r');
        if (cursor.Column > 0)
            output.Append($"\x1b[{cursor.Column}C");
        _cursorRow = cursor.Row;
        _terminal.Write(output.ToString());
    }

    /// <summary>The screen row (from the prompt's row) and column where the character at <paramref name="index"/> goes.</summary>
    private (int Row, int Column) Position(int index)
    {
        int width = Width;
        int row = 0;
        int column = 0;
        Walk(_prompt.AsSpan());
        Walk(_line.ToString(0, index).AsSpan());
        return column >= width ? (row + 1, 0) : (row, column);

        void Walk(ReadOnlySpan<char> text)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                int runeWidth = DisplayWidth.Of(rune);
                if (runeWidth > 0 && column + runeWidth > width)
                {
                    row++;
                    column = 0;
                }
                column += runeWidth;
            }
        }
    }

    private int Width => Math.Max(_terminal.Width, 8);

    private int PreviousBoundary(int position)
    {
        if (position <= 0)
            return 0;
        position--;
        if (position > 0 && char.IsLowSurrogate(_line[position]) && char.IsHighSurrogate(_line[position - 1]))
            position--;
        return position;
    }

    private int NextBoundary(int position)
    {
        if (position >= _line.Length)
            return _line.Length;
        position++;
        if (position < _line.Length && char.IsLowSurrogate(_line[position]) && char.IsHighSurrogate(_line[position - 1]))
            position++;
        return position;
    }

    private bool IsWordChar(int index) => char.IsLetterOrDigit(_line[index]) || _line[index] == '_' || char.IsSurrogate(_line[index]);

    private int WordStartBefore(int position)
    {
        while (position > 0 && !IsWordChar(position - 1))
            position--;
        while (position > 0 && IsWordChar(position - 1))
            position--;
        return position;
    }

    private int WordEndAfter(int position)
    {
        while (position < _line.Length && !IsWordChar(position))
            position++;
        while (position < _line.Length && IsWordChar(position))
            position++;
        return position;
    }

    private int SpaceDelimitedWordStart(int position)
    {
        while (position > 0 && char.IsWhiteSpace(_line[position - 1]))
            position--;
        while (position > 0 && !char.IsWhiteSpace(_line[position - 1]))
            position--;
        return position;
    }
}
