namespace PortraitDb.Cli;

/// <summary>What a piece of script text is: a SQL statement for the engine, or a dot command for the shell.</summary>
internal enum ScriptItemKind
{
    /// <summary>A SQL statement, without its closing ';'.</summary>
    Statement,

    /// <summary>A line starting with '.', such as <c>.tables</c>.</summary>
    DotCommand,
}

/// <summary>One statement or dot command of a script.</summary>
/// <param name="Kind">Statement or dot command.</param>
/// <param name="Text">The text, without the closing ';' of a statement.</param>
/// <param name="Start">Offset of <paramref name="Text"/> in the script, so that error positions can be given in script terms.</param>
/// <param name="IsComplete">False for a statement not closed by ';' yet (the REPL waits for more lines).</param>
internal sealed record ScriptItem(ScriptItemKind Kind, string Text, int Start, bool IsComplete);

/// <summary>Where the scanner is at the end of some SQL text.</summary>
internal enum ScanState
{
    /// <summary>Between tokens, or inside a bare word.</summary>
    Code,

    /// <summary>Inside a '...' string.</summary>
    SingleQuoted,

    /// <summary>Inside a "..." name.</summary>
    DoubleQuoted,

    /// <summary>Inside a <c>-- ...</c> comment.</summary>
    LineComment,

    /// <summary>Inside a <c>/* ... */</c> comment.</summary>
    BlockComment,
}

/// <summary>
/// Splits script text into statements (ended by ';' outside strings, quoted names and comments) and dot commands
/// (a line whose first character, at the start of an item, is '.'), the way the engine's lexer reads quotes:
/// a doubled quote stands for one.
/// </summary>
internal static class ScriptSplitter
{
    /// <summary>The statements and dot commands of <paramref name="text"/>; the last statement may be incomplete.</summary>
    public static IReadOnlyList<ScriptItem> Split(string text)
    {
        var items = new List<ScriptItem>();
        int index = 0;
        while (true)
        {
            index = SkipBlank(text, index);
            if (index >= text.Length)
                return items;
            if (text[index] == '.')
            {
                int end = text.IndexOf('\n', index);
                if (end < 0)
                    end = text.Length;
                items.Add(new ScriptItem(ScriptItemKind.DotCommand, text[index..end].TrimEnd(), index, true));
                index = end;
                continue;
            }
            int start = index;
            int semicolon = FindStatementEnd(text, start);
            if (semicolon < 0)
            {
                items.Add(new ScriptItem(ScriptItemKind.Statement, text[start..].TrimEnd(), start, false));
                return items;
            }
            items.Add(new ScriptItem(ScriptItemKind.Statement, text[start..semicolon].TrimEnd(), start, true));
            index = semicolon + 1;
        }
    }

    /// <summary>The scanner's state after reading all of <paramref name="text"/>, and where the open quote or comment began.</summary>
    public static ScanState StateAt(string text, out int openedAt)
    {
        var state = ScanState.Code;
        openedAt = -1;
        int index = 0;
        while (index < text.Length)
        {
            int at = index;
            var next = Advance(text, ref index, state);
            if (next != state && next != ScanState.Code)
                openedAt = at;
            state = next;
        }
        if (state == ScanState.Code)
            openedAt = -1;
        return state;
    }

    /// <summary>True when <paramref name="text"/> holds nothing but whitespace and comments.</summary>
    public static bool IsBlank(string text) => SkipBlank(text, 0) >= text.Length;

    /// <summary>
    /// The statement on one line, for the history: line breaks outside strings become spaces and <c>--</c>
    /// comments are dropped (on one line they would swallow the rest of the statement).
    /// </summary>
    public static string ToSingleLine(string text)
    {
        text = text.Trim();
        if (!text.Contains('\n', StringComparison.Ordinal))
            return text;
        var line = new System.Text.StringBuilder(text.Length);
        var state = ScanState.Code;
        int index = 0;
        while (index < text.Length)
        {
            int at = index;
            var next = Advance(text, ref index, state);
            bool blank = next == ScanState.LineComment || state == ScanState.LineComment
                || (state is ScanState.Code && next is ScanState.Code && char.IsWhiteSpace(text[at]));
            if (blank)
            {
                if (line.Length > 0 && line[^1] != ' ')
                    line.Append(' ');
            }
            else
            {
                line.Append(text, at, index - at);
            }
            state = next;
        }
        return line.ToString().Trim();
    }

    private static int FindStatementEnd(string text, int start)
    {
        var state = ScanState.Code;
        int index = start;
        while (index < text.Length)
        {
            if (state == ScanState.Code && text[index] == ';')
                return index;
            state = Advance(text, ref index, state);
        }
        return -1;
    }

    /// <summary>Reads one character (two for a doubled quote or a comment delimiter) and returns the new state.</summary>
    private static ScanState Advance(string text, ref int index, ScanState state)
    {
        char current = text[index];
        char next = index + 1 < text.Length ? text[index + 1] : '\0';
        index++;
        switch (state)
        {
            case ScanState.Code:
                if (current == '\'')
                    return ScanState.SingleQuoted;
                if (current == '"')
                    return ScanState.DoubleQuoted;
                if (current == '-' && next == '-')
                {
                    index++;
                    return ScanState.LineComment;
                }
                if (current == '/' && next == '*')
                {
                    index++;
                    return ScanState.BlockComment;
                }
                return state;
            case ScanState.SingleQuoted or ScanState.DoubleQuoted:
                if (current != (state == ScanState.SingleQuoted ? '\'' : '"'))
                    return state;
                if (next == current)
                {
                    index++;
                    return state;
                }
                return ScanState.Code;
            case ScanState.LineComment:
                return current == '\n' ? ScanState.Code : state;
            default:
                if (current == '*' && next == '/')
                {
                    index++;
                    return ScanState.Code;
                }
                return state;
        }
    }

    /// <summary>Skips whitespace, comments and stray ';' (empty statements).</summary>
    private static int SkipBlank(string text, int index)
    {
        while (index < text.Length)
        {
            char current = text[index];
            if (char.IsWhiteSpace(current) || current == ';')
            {
                index++;
            }
            else if (current == '-' && index + 1 < text.Length && text[index + 1] == '-')
            {
                int end = text.IndexOf('\n', index);
                index = end < 0 ? text.Length : end + 1;
            }
            else if (current == '/' && index + 1 < text.Length && text[index + 1] == '*')
            {
                int end = text.IndexOf("*/", index + 2, StringComparison.Ordinal);
                if (end < 0)
                    return index;
                index = end + 2;
            }
            else
            {
                return index;
            }
        }
        return index;
    }
}
