namespace PortraitDb.Cli.Terminal;

/// <summary>
/// Reads keys from a terminal with a type-ahead buffer: while a query runs, <see cref="PollInterrupt"/> takes
/// the keys typed so far, reports a Ctrl-C, and keeps the others for the line editor.
/// </summary>
internal sealed class KeyReader(ITerminal terminal) : IInterruptSource
{
    private readonly Queue<ConsoleKeyInfo> _typeAhead = new();

    /// <summary>The terminal the keys come from.</summary>
    public ITerminal Terminal => terminal;

    /// <summary>The next key: typed ahead, or from the terminal.</summary>
    public ConsoleKeyInfo ReadKey() => _typeAhead.Count > 0 ? _typeAhead.Dequeue() : terminal.ReadKey();

    /// <summary>True when a key can be read without waiting.</summary>
    public bool KeyAvailable => _typeAhead.Count > 0 || terminal.KeyAvailable;

    /// <inheritdoc/>
    public bool PollInterrupt()
    {
        bool interrupted = false;
        while (terminal.KeyAvailable)
        {
            var key = terminal.ReadKey();
            if (Keys.IsControlC(key))
            {
                interrupted = true;
                _typeAhead.Clear();
            }
            else
            {
                _typeAhead.Enqueue(key);
            }
        }
        return interrupted;
    }
}
