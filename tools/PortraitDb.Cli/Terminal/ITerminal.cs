namespace PortraitDb.Cli.Terminal;

/// <summary>
/// The keyboard and screen the REPL talks to: the real console (<see cref="SystemTerminal"/>), or keys scripted
/// by a test. Keys are read without echo; the line editor draws everything itself.
/// </summary>
internal interface ITerminal
{
    /// <summary>True when a key can be read without waiting.</summary>
    bool KeyAvailable { get; }

    /// <summary>The screen width in columns.</summary>
    int Width { get; }

    /// <summary>Waits for the next key; Ctrl-C arrives as a key (character 3).</summary>
    ConsoleKeyInfo ReadKey();

    /// <summary>Writes text (and ANSI control sequences) to the screen.</summary>
    void Write(string text);
}
