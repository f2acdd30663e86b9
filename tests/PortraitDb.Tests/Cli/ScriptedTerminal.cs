using System.Text;
using PortraitDb.Cli.Terminal;

namespace PortraitDb.Tests.Cli;

/// <summary>
/// A terminal whose keys are scripted by the test and whose output is recorded (and replayed on a
/// <see cref="ScreenEmulator"/>). When the script runs out it sends Ctrl-U then Ctrl-D, so a REPL always ends.
/// </summary>
internal sealed class ScriptedTerminal(int width = 80) : ITerminal
{
    private const int MaxReadsPastEnd = 64;
    private readonly Queue<ConsoleKeyInfo> _keys = new();
    private readonly Lock _lock = new();
    private readonly StringBuilder _output = new();
    private int _readsPastEnd;

    public int Width { get; set; } = width;

    /// <summary>When set, reading past the scripted keys throws <see cref="DoneException"/> instead of ending the input.</summary>
    public bool ThrowWhenDone { get; init; }

    public bool KeyAvailable
    {
        get
        {
            lock (_lock)
                return _keys.Count > 0;
        }
    }

    /// <summary>Everything written, control sequences included.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
                return _output.ToString();
        }
    }

    /// <summary>The screen as a terminal of <see cref="Width"/> columns would show the output.</summary>
    public ScreenEmulator Screen
    {
        get
        {
            var screen = new ScreenEmulator(Width);
            screen.Write(Output);
            return screen;
        }
    }

    public ConsoleKeyInfo ReadKey()
    {
        lock (_lock)
        {
            if (_keys.Count > 0)
                return _keys.Dequeue();
            if (ThrowWhenDone)
                throw new DoneException();
            if (++_readsPastEnd > MaxReadsPastEnd)
                throw new InvalidOperationException("The REPL kept reading after the scripted keys ran out.");
            return Keys.Control(_readsPastEnd % 2 == 1 ? 'u' : 'd');
        }
    }

    public void Write(string text)
    {
        lock (_lock)
            _output.Append(text);
    }

    /// <summary>Types text; '\n' presses Enter and '\t' Tab.</summary>
    public ScriptedTerminal Type(string text)
    {
        lock (_lock)
        {
            foreach (char character in text)
                _keys.Enqueue(Keys.Char(character));
        }
        return this;
    }

    /// <summary>Presses a special key.</summary>
    public ScriptedTerminal Press(ConsoleKey key, ConsoleModifiers modifiers = 0, int times = 1)
    {
        lock (_lock)
        {
            for (int time = 0; time < times; time++)
                _keys.Enqueue(Keys.Special(key, modifiers));
        }
        return this;
    }

    /// <summary>Presses Ctrl and a letter.</summary>
    public ScriptedTerminal Control(char letter)
    {
        lock (_lock)
            _keys.Enqueue(Keys.Control(letter));
        return this;
    }

    /// <summary>Thrown when the keys ran out and <see cref="ThrowWhenDone"/> is set.</summary>
    public sealed class DoneException : Exception;
}
