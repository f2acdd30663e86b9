namespace PortraitDb.Cli.Terminal;

/// <summary>Recognising keys, whichever way the console reports them.</summary>
internal static class Keys
{
    /// <summary>Ctrl-C: the character 3, or C with Control.</summary>
    public static bool IsControlC(ConsoleKeyInfo key) => key.KeyChar == '\x03' || IsControl(key, ConsoleKey.C);

    /// <summary>Ctrl plus the letter key <paramref name="letter"/>.</summary>
    public static bool IsControl(ConsoleKeyInfo key, ConsoleKey letter) =>
        key.Key == letter && (key.Modifiers & ConsoleModifiers.Control) != 0
        || letter is >= ConsoleKey.A and <= ConsoleKey.Z && key.KeyChar == (char)(letter - ConsoleKey.A + 1) && key.Key is not (ConsoleKey.Tab or ConsoleKey.Enter or ConsoleKey.Backspace);

    /// <summary>A key as the console reports a typed character.</summary>
    public static ConsoleKeyInfo Char(char character) => character switch
    {
        '\r' or '\n' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
        '\t' => new ConsoleKeyInfo('\t', ConsoleKey.Tab, false, false, false),
        _ => new ConsoleKeyInfo(character, char.IsAsciiLetter(character) ? ConsoleKey.A + (char.ToUpperInvariant(character) - 'A') : 0, char.IsAsciiLetterUpper(character), false, false),
    };

    /// <summary>A special key (arrows, Home, ...) without a character.</summary>
    public static ConsoleKeyInfo Special(ConsoleKey key, ConsoleModifiers modifiers = 0) =>
        new(key switch { ConsoleKey.Enter => '\r', ConsoleKey.Tab => '\t', ConsoleKey.Backspace => '\b', _ => '\0' }, key,
            (modifiers & ConsoleModifiers.Shift) != 0, (modifiers & ConsoleModifiers.Alt) != 0, (modifiers & ConsoleModifiers.Control) != 0);

    /// <summary>Ctrl plus a letter, as a console with Ctrl-C treated as input reports it.</summary>
    public static ConsoleKeyInfo Control(char letter) =>
        new((char)(char.ToUpperInvariant(letter) - 'A' + 1), ConsoleKey.A + (char.ToUpperInvariant(letter) - 'A'), false, false, true);
}
